/// An instant as nanoseconds since the Unix epoch, UTC. Plain integer arithmetic: no `Foundation.Date`
/// on the hot path, and a total order for sorting.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Nil outside what 64-bit nanoseconds hold (the years 1678 to 2262): a log line claiming the year
    /// 9999 is not a time logtrace can place.
    public init?(seconds: Int64, nanoseconds: Int64) {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = scaled.addingReportingOverflow(nanoseconds)
        guard !overflow && !overflow2 else { return nil }
        self.nanoseconds = total
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    /// `seconds` later (or earlier), saturating at the ends of the range instead of overflowing.
    public func adding(seconds: Double) -> Timestamp {
        let result = Double(nanoseconds) + seconds * 1e9
        if result >= 9.2e18 { return Timestamp(nanoseconds: .max) }
        if result <= -9.2e18 { return Timestamp(nanoseconds: .min) }
        return Timestamp(nanoseconds: nanoseconds &+ Int64(seconds * 1e9))
    }

    /// Seconds from `other` to `self` (in floating point, so the range's ends cannot overflow it).
    public func seconds(since other: Timestamp) -> Double {
        let (difference, overflow) = nanoseconds.subtractingReportingOverflow(other.nanoseconds)
        return overflow ? (Double(nanoseconds) - Double(other.nanoseconds)) / 1e9 : Double(difference) / 1e9
    }

    /// `2026-11-24T10:00:05.123Z` (milliseconds, UTC): the form the report prints.
    public var iso8601: String { format(fractionDigits: 3) }

    /// `2026-11-24T10:00:05.123456789Z` with as many fraction digits as asked for.
    public func format(fractionDigits: Int) -> String {
        let (days, nanosOfDay) = nanoseconds.floorDivided(by: 86_400_000_000_000)
        let (year, month, day) = Timestamp.civil(fromDays: days)
        let secondsOfDay = nanosOfDay / 1_000_000_000
        let fraction = nanosOfDay % 1_000_000_000
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))"
        if fractionDigits > 0 {
            var scaled = fraction
            for _ in fractionDigits..<9 { scaled /= 10 }
            text += "." + pad(scaled, fractionDigits)
        }
        return text + "Z"
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    func floorDivided(by divisor: Int64) -> (Int64, Int64) {
        var q = self / divisor
        var r = self % divisor
        if r < 0 {
            q -= 1
            r += divisor
        }
        return (q, r)
    }
}
