import CZlib
import Foundation
import Glibc

/// Writes a partial result's bytes to a file as they come, through a streaming gzip deflate when asked,
/// so that a shard never holds its whole partial in memory.
///
/// The bytes go to a temporary file beside the target (`.NAME.tmp-PID-RANDOM`, in the same folder so the
/// rename stays on one file system), which `finish` syncs and renames over the target: a partial at the
/// target is always one a shard finished. On any error the temporary file is removed and the target (a
/// previous partial, if any) is left as it was; a writer killed mid-write leaves only the temporary file.
final class PartialFileWriter {
    let path: String
    let temporaryPath: String
    private var fd: Int32
    private let stream: UnsafeMutablePointer<z_stream>?
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var done = false

    init(path: String, compress: Bool) throws(PartialResult.Problem) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = folder + "." + name + ".tmp-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            let code = errno
            throw Self.problem(path, "cannot create its temporary file \(temporaryPath)", code)
        }
        if compress {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let rc = logtrace_deflateInit2(stream, 6, 15 + 16)
            guard rc == Z_OK else {
                stream.deallocate()
                self.stream = nil
                abandon()
                throw PartialResult.Problem(description: "\(path): zlib deflateInit2 failed: \(rc)")
            }
            self.stream = stream
        } else {
            self.stream = nil
        }
    }

    deinit {
        abandon()
        if let stream {
            deflateEnd(stream)
            stream.deallocate()
        }
    }

    static func problem(_ path: String, _ what: String, _ code: Int32) -> PartialResult.Problem {
        PartialResult.Problem(description: "\(path): \(what): \(String(cString: strerror(code)))")
    }

    /// Closes and removes the temporary file, unless it became the target; safe to call twice.
    func abandon() {
        guard !done else { return }
        done = true
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporaryPath)
    }

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            guard let stream else { return try put(bytes) }
            try deflate(bytes, flush: Z_NO_FLUSH, stream)
        }
    }

    /// Ends the gzip stream (if any), syncs and closes the temporary file and renames it over the target.
    func finish() throws {
        if let stream { try deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, stream) }
        if fsync(fd) != 0 {
            let code = errno
            if code != EINVAL { throw Self.problem(path, "syncing it", code) }
        }
        let closed = close(fd)
        let closeCode = errno
        fd = -1
        guard closed == 0 else { throw Self.problem(path, "closing it", closeCode) }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            throw Self.problem(path, "cannot rename its temporary file over it", code)
        }
        done = true
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws {
        guard !done else { throw PartialResult.Problem(description: "\(path): written after it was finished or abandoned") }
        var start = 0
        while start < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + start, bytes.count - start)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Self.problem(path, "writing it", code)
            }
            start += n
        }
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
                throw PartialResult.Problem(description: "\(path): zlib deflate failed: \(rc)")
            }
            if produced > 0 { try output.withUnsafeBytes { out in try put(UnsafeRawBufferPointer(rebasing: out[0..<produced])) } }
            if flush == Z_FINISH ? rc == Z_STREAM_END : stream.pointee.avail_in == 0 && produced < output.count { return }
        }
    }
}
