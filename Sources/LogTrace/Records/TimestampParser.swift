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

/// The extent of a leading timestamp, found without converting it: cheap enough to run on every line.
public struct TimestampShape: Sendable {
    public var length: Int
    public var fractionDigits: Int
    public var zoneOffsetSeconds: Int64?
    public var hasZone: Bool { zoneOffsetSeconds != nil }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    /// Measures `YYYY-MM-DD[T ]HH:MM:SS[.,]fraction? zone?` (or `YYYY/MM/DD`) at the start of `b`.
    public static func measure(_ b: UnsafeRawBufferPointer) -> TimestampShape? {
        guard b.count >= 19,
              isDigit(b[0]), isDigit(b[1]), isDigit(b[2]), isDigit(b[3]), b[4] == 0x2D || b[4] == 0x2F,
              isDigit(b[5]), isDigit(b[6]), b[7] == b[4], isDigit(b[8]), isDigit(b[9]),
              b[10] == 0x54 || b[10] == 0x20,
              isDigit(b[11]), isDigit(b[12]), b[13] == 0x3A, isDigit(b[14]), isDigit(b[15]), b[16] == 0x3A,
              isDigit(b[17]), isDigit(b[18]) else { return nil }
        var i = 19
        var fraction = 0
        if i < b.count && (b[i] == 0x2E || b[i] == 0x2C) && i + 1 < b.count && isDigit(b[i + 1]) {
            i += 1
            while i < b.count && isDigit(b[i]) && fraction < 12 {
                i += 1
                fraction += 1
            }
        }
        var zone: Int64?
        if i < b.count && b[i] == 0x5A {
            zone = 0
            i += 1
        } else if i + 2 < b.count && (b[i] == 0x2B || b[i] == 0x2D) && isDigit(b[i + 1]) && isDigit(b[i + 2]) {
            let sign: Int64 = b[i] == 0x2D ? -1 : 1
            let hours = Int64(b[i + 1] - 48) * 10 + Int64(b[i + 2] - 48)
            var j = i + 3
            var minutes: Int64 = 0
            if j < b.count && b[j] == 0x3A { j += 1 }
            if j + 1 < b.count && isDigit(b[j]) && isDigit(b[j + 1]) {
                minutes = Int64(b[j] - 48) * 10 + Int64(b[j + 1] - 48)
                j += 2
                zone = sign * (hours * 3600 + minutes * 60)
                i = j
            }
        }
        return TimestampShape(length: i, fractionDigits: fraction, zoneOffsetSeconds: zone)
    }
}

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
