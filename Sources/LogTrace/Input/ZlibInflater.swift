import CISAL
import CZlib

/// gzip-member decompression through zlib's `inflate` (window bits 15 + 16: gzip wrapper parsed).
///
/// zlib inflates; the member's CRC-32 and length are checked here against its trailer, with ISA-L's
/// carry-less-multiply CRC instead of zlib's table-driven one, which cost 0.14 s per GiB (8.5 % of a
/// one-job run). Corrupt data, a wrong CRC and a wrong length are all reported as zlib words them.
/// Turning zlib's checks off (`inflateValidate`) turns off its header CRC check too: the header's bytes
/// also go through `GzipHeaderReader`, which checks it as the ISA-L backend does.
public final class ZlibInflater: Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var header = GzipHeaderReader()
    /// Header bytes `header` has read that zlib has not consumed yet (it is shown them again).
    private var headerAhead = 0
    private var crc: UInt32 = 0
    private var length: UInt32 = 0
    /// The last 8 input bytes consumed: at the member's end, its trailer (CRC-32, length mod 2^32).
    private var lastBytes: UInt64 = 0

    public init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = logtrace_inflateInit2(stream, 15 + 16)
        precondition(rc == Z_OK, "zlib inflateInit2 failed: \(rc)")
        inflateValidate(stream, 0)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    public func reset() {
        inflateReset(stream)
        inflateValidate(stream, 0)
        crc = 0
        length = 0
        lastBytes = 0
        header = GzipHeaderReader()
        headerAhead = 0
    }

    public func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> InflateStep {
        var headerRead = 0
        if !header.isDone && headerAhead < input.count {
            let (n, error) = header.read(UnsafeRawBufferPointer(rebasing: input[headerAhead...]))
            if let error { return InflateStep(consumed: headerAhead + n, produced: 0, memberEnded: false, error: error) }
            headerRead = headerAhead + n
        }
        let inBase = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase)
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(output.count)
        let rc = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        headerAhead = max(0, max(headerRead, headerAhead) - consumed)
        if produced > 0 {
            crc = crc32_gzip_refl(crc, output.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(produced))
            length &+= UInt32(truncatingIfNeeded: produced)
        }
        for byte in input[max(0, consumed - 8)..<consumed] { lastBytes = lastBytes >> 8 | UInt64(byte) << 56 }
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: nil)
        case Z_STREAM_END:
            if UInt32(truncatingIfNeeded: lastBytes) != crc {
                return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: "incorrect data check")
            }
            if UInt32(truncatingIfNeeded: lastBytes >> 32) != length {
                return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: "incorrect length check")
            }
            return InflateStep(consumed: consumed, produced: produced, memberEnded: true, error: nil)
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: message)
        }
    }
}
