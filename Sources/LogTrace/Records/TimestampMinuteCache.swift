/// A `TimestampParser` that remembers the minute of the last RFC 3339 UTC timestamp it read
/// (`2026-11-24T10:00:05.123456789Z`: kubectl's, CRI's, Spring Boot's): one in the same minute is read
/// from its seconds and fraction alone, with the same result. For a scanner's own timestamp reads,
/// which mostly fall within one minute of each other (the quiet-spell probes, unexplained records).
public final class TimestampMinuteCache {
    public let parser: TimestampParser
    /// Bytes 0 to 16 of the remembered timestamp (`2026-11-24T10:00:`), and its minute's instant.
    private var head: (UInt64, UInt64, UInt8) = (0, 0, 0)
    private var minute: Int64 = 0
    private var remembered = false

    public init(parser: TimestampParser) {
        self.parser = parser
    }

    /// What `parser.parse(bytes)` gives.
    @inline(__always)
    public func parse(_ bytes: UnsafeRawBufferPointer) -> (Timestamp, Int)? {
        if remembered, bytes.count >= 20, bytes.loadUnaligned(as: UInt64.self) == head.0,
           bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == head.1, bytes[16] == head.2,
           let (offset, length) = Self.secondsAndFraction(bytes), minute <= Int64.max - 61_000_000_000 {
            return (Timestamp(nanoseconds: minute + offset), length)
        }
        guard let parsed = parser.parse(bytes) else { return nil }
        if bytes.count >= 20, let (offset, length) = Self.secondsAndFraction(bytes), length == parsed.1 {
            head = (bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self), bytes[16])
            minute = parsed.0.nanoseconds - offset
            remembered = true
        }
        return parsed
    }

    /// From byte 17 of a timestamp whose first 17 bytes the parser read: `SS`, then `Z`, or `.`, one to
    /// nine digits and `Z`. Returns the nanoseconds into the minute and the timestamp's length, or nil
    /// for any other form (another zone, a comma, more digits), which the parser reads.
    @inline(__always)
    static func secondsAndFraction(_ b: UnsafeRawBufferPointer) -> (Int64, Int)? {
        let tens = b[17] &- 0x30, ones = b[18] &- 0x30
        guard tens < 10, ones < 10 else { return nil }
        let second = Int64(tens) * 10 + Int64(ones)
        guard second < 61 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if b[19] == 0x2E, b.count >= 30, b[29] == 0x5A, let eight = eightDigits(b.loadUnaligned(fromByteOffset: 20, as: UInt64.self)),
           b[28] &- 0x30 < 10 {
            // kubectl's and CRI's nine digits, the first eight at once.
            return (second * 1_000_000_000 + Int64(eight) * 10 + Int64(b[28] &- 0x30), 30)
        }
        if b[19] == 0x2E {
            i = 20
            while i < b.count && i < 29, b[i] &- 0x30 < 10 {
                nanos = nanos * 10 + Int64(b[i] &- 0x30)
                i += 1
            }
            guard i > 20 else { return nil }
            for _ in (i - 20)..<9 { nanos *= 10 }
        }
        guard i < b.count, b[i] == 0x5A else { return nil }
        return (second * 1_000_000_000 + nanos, i + 1)
    }

    /// The number eight ASCII digits spell (the first in the lowest byte, as loaded from memory), or nil
    /// when a byte is not a digit.
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64? {
        let v = word &- 0x3030_3030_3030_3030
        // A byte below '0' wraps to a high bit; one above '9' carries into the high bit when 0x76 is added.
        guard (v | (v &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 == 0 else { return nil }
        let pairs = (v &* 10 &+ (v >> 8)) & 0x00FF_00FF_00FF_00FF
        let quads = (pairs &* 100 &+ (pairs >> 16)) & 0x0000_FFFF_0000_FFFF
        return (quads &* 10000 &+ (quads >> 32)) & 0xFFFF_FFFF
    }
}
