import CISAL

/// gzip-member decompression through ISA-L's `isal_inflate`: the header is read here (`GzipHeaderReader`),
/// the deflate data and the trailer's CRC-32 and length by ISA-L (`ISAL_GZIP_NO_HDR_VER`).
public final class IsalInflater: Inflater {
    private let state: UnsafeMutablePointer<inflate_state>
    private var header = GzipHeaderReader()

    public init() {
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
    }

    deinit {
        state.deallocate()
    }

    public func reset() {
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
        header = GzipHeaderReader()
    }

    public func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> InflateStep {
        if !header.isDone {
            let (consumed, error) = header.read(input)
            return InflateStep(consumed: consumed, produced: 0, memberEnded: false, error: error)
        }
        state.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        state.pointee.avail_in = UInt32(input.count)
        state.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(output.count)
        let rc = isal_inflate(state)
        let consumed = input.count - Int(state.pointee.avail_in)
        let produced = output.count - Int(state.pointee.avail_out)
        if rc < 0 {
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false, error: Self.describe(rc))
        }
        let ended = state.pointee.block_state == ISAL_BLOCK_FINISH
        return InflateStep(consumed: consumed, produced: produced, memberEnded: ended, error: nil)
    }

    private static func describe(_ rc: Int32) -> String {
        switch rc {
        case ISAL_INVALID_BLOCK: return "invalid deflate block"
        case ISAL_INVALID_SYMBOL: return "invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: return "invalid lookback distance"
        case ISAL_INVALID_WRAPPER: return "invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method"
        case ISAL_INCORRECT_CHECKSUM: return "incorrect CRC-32 or length check"
        default: return "ISA-L inflate error \(rc)"
        }
    }
}
