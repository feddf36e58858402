import CZlib

/// Compresses bytes into a gzip stream with zlib's deflate, for writing partial results.
public enum GzipWriter {
    public static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deallocate()
        }
        let initialised = logtrace_deflateInit2(stream, level, 15 + 16)
        precondition(initialised == Z_OK, "zlib deflateInit2 failed: \(initialised)")
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(input.count))) + 64)
        let produced: Int = input.withUnsafeBytes { inBytes in
            output.withUnsafeMutableBytes { outBytes in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
                stream.pointee.avail_in = UInt32(inBytes.count)
                stream.pointee.next_out = outBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(outBytes.count)
                let rc = deflate(stream, Z_FINISH)
                precondition(rc == Z_STREAM_END, "deflate failed: \(rc)")
                return outBytes.count - Int(stream.pointee.avail_out)
            }
        }
        return Array(output[0..<produced])
    }
}
