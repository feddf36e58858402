/// Unix epoch seconds with a fraction, `1795550186.060` (librdkafka's log lines).
public enum EpochShape {
    /// The instant and its length, for 9 to 11 digits of seconds and a fraction of 1 to 9 digits.
    public static func parse(_ b: UnsafeRawBufferPointer) -> (Timestamp, Int)? {
        var i = 0
        var seconds: Int64 = 0
        while i < b.count && i < 11 && TimestampShape.isDigit(b[i]) {
            seconds = seconds * 10 + Int64(b[i] - 48)
            i += 1
        }
        guard i >= 9, i < b.count, b[i] == 0x2E, i + 1 < b.count, TimestampShape.isDigit(b[i + 1]) else { return nil }
        i += 1
        var nanos: Int64 = 0
        var digits = 0
        while i < b.count && TimestampShape.isDigit(b[i]) {
            if digits < 9 {
                nanos = nanos * 10 + Int64(b[i] - 48)
                digits += 1
            }
            i += 1
        }
        for _ in digits..<9 { nanos *= 10 }
        guard let instant = Timestamp(seconds: seconds, nanoseconds: nanos) else { return nil }
        return (instant, i)
    }
}
