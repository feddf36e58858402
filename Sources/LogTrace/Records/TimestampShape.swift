/// The extent of a leading timestamp, found without converting it: cheap enough to run on every line.
public struct TimestampShape: Sendable {
    public var length: Int
    public var fractionDigits: Int
    public var zoneOffsetSeconds: Int64?
    public var hasZone: Bool { zoneOffsetSeconds != nil }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    /// True when `b` has a timestamp's shape but no such instant exists (month 13, February 30, hour 25,
    /// a year outside 1970–2262): a record stamped so takes the previous record's time instead.
    public static func isImpossible(_ b: UnsafeRawBufferPointer) -> Bool {
        guard measure(b) != nil else { return false }
        func number(_ from: Int, _ count: Int) -> Int {
            (from..<(from + count)).reduce(0) { $0 * 10 + Int(b[$1] &- 48) }
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        guard (1970...2262).contains(year), (1...12).contains(month), number(11, 2) < 24, number(14, 2) < 60, number(17, 2) < 61 else { return true }
        let days: Int
        switch month {
        case 2: days = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return !(1...days).contains(day)
    }

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
