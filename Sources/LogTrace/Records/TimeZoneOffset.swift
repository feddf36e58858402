/// A UTC offset given by the user (`--tz`) for timestamps that carry no zone of their own.
public enum TimeZoneOffset {
    /// `+09:00`, `-0500`, `+09`, `Z`, `UTC` → seconds east of UTC; nil for anything else.
    public static func parse(_ text: String) -> Int64? {
        if text == "Z" || text == "UTC" { return 0 }
        let chars = Array(text.utf8)
        guard chars.count == 6 || chars.count == 5 || chars.count == 3, chars[0] == 0x2B || chars[0] == 0x2D else { return nil }
        let digits = chars.dropFirst().filter { $0 != 0x3A }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let d = digits.map { Int64($0 - 48) }
        let hours = d[0] * 10 + d[1]
        let minutes = d.count == 4 ? d[2] * 10 + d[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (chars[0] == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
