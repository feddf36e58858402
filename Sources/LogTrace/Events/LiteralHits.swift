import CByteSearch

/// The prefilter run on whole blocks of lines rather than line by line: each pattern literal is searched
/// for once per block with memmem (many GB/s), and each line then asks, in order, which literals start
/// inside it. A record none of whose lines holds a literal is skipped without running PCRE2 or memmem.
public final class LiteralHits {
    /// At most this many distinct literals take part (one bit each).
    public static let capacity = 64

    private let literals: [[UInt8]]
    private var hits: [(offset: Int64, mask: UInt64)] = []
    private var cursor = 0

    /// Nil when the pattern set has more literals than `capacity`: records are then checked one by one.
    public init?(_ patterns: PatternSet) {
        guard patterns.literals.count <= Self.capacity else { return nil }
        literals = patterns.literals
    }

    /// Finds every literal in `block`, which starts at stream offset `offset` and holds whole lines.
    public func scan(_ block: UnsafeRawBufferPointer, at offset: Int64) {
        hits.removeAll(keepingCapacity: true)
        cursor = 0
        guard let base = block.baseAddress else { return }
        for (index, literal) in literals.enumerated() {
            literal.withUnsafeBytes { needle in
                var position = 0
                while position + needle.count <= block.count,
                      let found = logtrace_memmem(base + position, block.count - position, needle.baseAddress!, needle.count) {
                    let at = base.distance(to: UnsafeRawPointer(found))
                    hits.append((offset + Int64(at), 1 << UInt64(index)))
                    position = at + needle.count
                }
            }
        }
        if hits.count > 1 { hits.sort { $0.offset < $1.offset } }
    }

    /// The literals that start in the line at stream offset `offset` with `length` bytes. Lines must be
    /// asked about in stream order.
    @inline(__always)
    public func mask(lineAt offset: Int64, length: Int) -> UInt64 {
        var mask: UInt64 = 0
        let end = offset + Int64(length)
        while cursor < hits.count && hits[cursor].offset < end {
            if hits[cursor].offset >= offset { mask |= hits[cursor].mask }
            cursor += 1
        }
        return mask
    }
}
