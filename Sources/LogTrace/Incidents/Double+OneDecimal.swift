extension Double {
    /// One decimal, a trailing `.0` dropped (`5`, `5.1`, `-0.4`): how reports print seconds and rates.
    public var oneDecimal: String {
        let tenths = Int64((abs(self) * 10).rounded())
        let sign = self < 0 && tenths != 0 ? "-" : ""
        return sign + (tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)")
    }
}
