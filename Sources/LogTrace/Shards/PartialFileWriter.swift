import CZlib
import Foundation

/// Writes a partial result's bytes to a file as they come, through a streaming gzip deflate when asked,
/// so that a shard never holds its whole partial in memory.
final class PartialFileWriter {
    private let handle: FileHandle
    private let stream: UnsafeMutablePointer<z_stream>?
    private var output = [UInt8](repeating: 0, count: 1 << 16)

    init(path: String, compress: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw PartialResult.Problem(description: "cannot create \(path)")
        }
        self.handle = handle
        if compress {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let rc = logtrace_deflateInit2(stream, 6, 15 + 16)
            guard rc == Z_OK else {
                stream.deallocate()
                throw PartialResult.Problem(description: "zlib deflateInit2 failed: \(rc)")
            }
            self.stream = stream
        } else {
            self.stream = nil
        }
    }

    deinit {
        if let stream {
            deflateEnd(stream)
            stream.deallocate()
        }
        try? handle.close()
    }

    func write(_ data: Data) throws {
        guard let stream else {
            try handle.write(contentsOf: data)
            return
        }
        try data.withUnsafeBytes { try deflate($0, flush: Z_NO_FLUSH, stream) }
    }

    /// Ends the gzip stream (if any) and closes the file.
    func finish() throws {
        if let stream { try deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, stream) }
        try handle.close()
    }

    private func deflate(_ input: UnsafeRawBufferPointer, flush: Int32, _ stream: UnsafeMutablePointer<z_stream>) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        while true {
            let (rc, produced) = output.withUnsafeMutableBytes { out -> (Int32, Int) in
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(out.count)
                let rc = CZlib.deflate(stream, flush)
                return (rc, out.count - Int(stream.pointee.avail_out))
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw PartialResult.Problem(description: "zlib deflate failed: \(rc)")
            }
            if produced > 0 { try handle.write(contentsOf: Data(output[0..<produced])) }
            if flush == Z_FINISH ? rc == Z_STREAM_END : stream.pointee.avail_in == 0 && produced < output.count { return }
        }
    }
}
