import CZlib

/// gzip-member decompression through zlib's `inflate` (window bits 15 + 16: gzip wrapper, CRC checked).
public final class ZlibInflater: Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    public init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = logtrace_inflateInit2(stream, 15 + 16)
        precondition(rc == Z_OK, "zlib inflateInit2 failed: \(rc)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    public func reset() {
        inflateReset(stream)
    }

    public func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> InflateStep {
        let inBase = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase)
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(output.count)
        let rc = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: nil)
        case Z_STREAM_END:
            return InflateStep(consumed: consumed, produced: produced, memberEnded: true, error: nil)
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: message)
        }
    }
}
