import CISAL

/// Reads a gzip member's header (RFC 1952, 2.3) as it arrives, in pieces of any size, checking its CRC16
/// when FHCRC is set, so that ISA-L is handed only the deflate data and trailer: ISA-L 2.30 refuses a
/// header CRC that gzip and zlib accept, and reads a header only when it comes whole in one call.
struct GzipHeaderReader {
    /// What the header reader needs next.
    private enum Stage { case fixed, extraLength, extra, name, comment, headerCRC, done }

    private var stage = Stage.fixed
    /// Bytes of the current fixed-size field (the first 10 bytes, XLEN, CRC16) read so far.
    private var field: [UInt8] = []
    private var flags: UInt8 = 0
    private var extraLeft = 0
    /// CRC-32 of the header bytes before the CRC16.
    private var crc: UInt32 = 0

    private static let fhcrc: UInt8 = 0x02, fextra: UInt8 = 0x04, fname: UInt8 = 0x08, fcomment: UInt8 = 0x10

    /// True once the whole header has been read.
    var isDone: Bool { stage == .done }

    /// Reads header bytes from the front of `input`: how many it took, and the error that makes the header
    /// invalid, if any. It takes all of `input` unless the header ends inside it.
    mutating func read(_ input: UnsafeRawBufferPointer) -> (consumed: Int, error: String?) {
        var i = 0
        // Where the bytes of this piece that the CRC16 covers, not yet added to `crc`, begin.
        var unsummed: Int? = stage == .headerCRC || stage == .done ? nil : 0
        func sum() {
            guard let from = unsummed, i > from, let base = input.baseAddress else { return }
            crc = crc32_gzip_refl(crc, base.assumingMemoryBound(to: UInt8.self) + from, UInt64(i - from))
            unsummed = nil
        }
        while i < input.count && stage != .done {
            let byte = input[i]
            i += 1
            switch stage {
            case .fixed:
                field.append(byte)
                guard field.count == 10 else { continue }
                if field[0] != 0x1f || field[1] != 0x8b { return (i, "invalid gzip header") }
                if field[2] != 8 { return (i, "unsupported compression method") }
                flags = field[3]
                if flags & 0xE0 != 0 { return (i, "invalid gzip header: reserved flag bits set") }
                field = []
                advance(from: .fixed)
            case .extraLength:
                field.append(byte)
                guard field.count == 2 else { continue }
                extraLeft = Int(field[0]) | Int(field[1]) << 8
                field = []
                if extraLeft == 0 { advance(from: .extra) } else { stage = .extra }
            case .extra:
                extraLeft -= 1
                if extraLeft == 0 { advance(from: .extra) }
            case .name:
                if byte == 0 { advance(from: .name) }
            case .comment:
                if byte == 0 { advance(from: .comment) }
            case .headerCRC:
                field.append(byte)
                guard field.count == 2 else { continue }
                if UInt32(field[0]) | UInt32(field[1]) << 8 != crc & 0xFFFF { return (i, "incorrect header check") }
                stage = .done
            case .done:
                break
            }
            if stage == .headerCRC { sum() }
        }
        sum()
        return (i, nil)
    }

    /// Moves past `finished` to the next field the flags call for.
    private mutating func advance(from finished: Stage) {
        let order: [(Stage, UInt8)] = [(.extraLength, Self.fextra), (.name, Self.fname), (.comment, Self.fcomment), (.headerCRC, Self.fhcrc)]
        let after: Int
        switch finished {
        case .fixed: after = 0
        case .extraLength, .extra: after = 1
        case .name: after = 2
        case .comment: after = 3
        case .headerCRC, .done: after = 4
        }
        stage = order[after...].first { flags & $0.1 != 0 }?.0 ?? .done
    }
}
