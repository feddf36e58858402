/// Which prefilter literals a line or record holds, as the block-wide literal search found them: bit
/// `i & 63` stands for literal `i`. With more than 64 literals, bits are shared (literal i and i + 64
/// set the same one), so a set bit means one of them may be present; a literal present is never missed.
public struct LiteralMask: Sendable, Equatable {
    public var bits: UInt64

    public init(bits: UInt64 = 0) {
        self.bits = bits
    }

    /// The mask holding literal `index` alone.
    @inline(__always)
    public init(literal index: Int) {
        bits = 1 << UInt64(index & 63)
    }

    /// True when literal `index` may be present.
    @inline(__always)
    public func mayHold(literal index: Int) -> Bool { bits & (1 << UInt64(index & 63)) != 0 }

    public var isEmpty: Bool { bits == 0 }

    @inline(__always)
    public static func | (a: LiteralMask, b: LiteralMask) -> LiteralMask { LiteralMask(bits: a.bits | b.bits) }

    @inline(__always)
    public static func |= (a: inout LiteralMask, b: LiteralMask) { a.bits |= b.bits }
}
