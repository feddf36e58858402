/// Parses the timestamp shapes log lines start with, from bytes:
/// RFC 3339 (`2026-11-24T10:00:05.123456789Z`, `+09:00`), the same with a space for `T`, a comma for the
/// decimal point (`2026-11-24 10:00:05,123`, log4j and Python), slashes in the date (`2026/11/24
/// 10:00:05`, Go's log package), and Unix epoch seconds with a fraction (`1795550186.060`, librdkafka).
/// A time with no zone is taken to be at `defaultOffsetSeconds` from UTC (0 unless `--tz` says otherwise).
public struct TimestampParser: Sendable {
    public var defaultOffsetSeconds: Int64

    public init(defaultOffsetSeconds: Int64 = 0) {
        self.defaultOffsetSeconds = defaultOffsetSeconds
    }

    /// The parsed instant and the number of bytes it took, or nil when `bytes` does not start with one.
    public func parse(_ bytes: UnsafeRawBufferPointer) -> (Timestamp, Int)? {
        guard let shape = TimestampShape.measure(bytes) else { return EpochShape.parse(bytes) }
        func number(_ from: Int, _ count: Int) -> Int64 {
            var value: Int64 = 0
            for i in from..<(from + count) { value = value * 10 + Int64(bytes[i] &- 48) }
            return value
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        let hour = number(11, 2), minute = number(14, 2), second = number(17, 2)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var nanos: Int64 = 0
        if shape.fractionDigits > 0 {
            nanos = number(20, min(shape.fractionDigits, 9))
            for _ in min(shape.fractionDigits, 9)..<9 { nanos *= 10 }
        }
        var offset = defaultOffsetSeconds
        if let zone = shape.zoneOffsetSeconds { offset = zone }
        let days = Timestamp.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        guard let instant = Timestamp(seconds: seconds, nanoseconds: nanos) else { return nil }
        return (instant, shape.length)
    }
}
