import CByteSearch
import Glibc

/// The prefilter run on whole blocks of lines rather than line by line: the pattern literals are found
/// in one block at a time, and each line then asks, in order, which literals start inside it. A record
/// none of whose lines holds a literal is skipped without running PCRE2.
///
/// A few literals are each searched for in a pass of their own, testing 32 positions at a time for two of
/// the literal's rarest bytes with SIMD (about 15 GB/s a pass). Many literals (the default packs have
/// about 40) would need as many passes, so they are found in one pass instead: every 4-byte window is
/// hashed into a 64 Kibit set of the literals' first four bytes (about 1 GB/s whatever their number),
/// and the rare candidates are checked against the literals in their hash bucket.
public final class LiteralHits {
    /// At most this many distinct literals take part (one bit each).
    public static let capacity = 64
    /// Above this many literals, one hashed pass beats a SIMD pass per literal.
    public static let memmemLimit = 12

    private let literals: [[UInt8]]
    /// Literals searched in passes of their own (all of them, or those shorter than four bytes), with
    /// the two byte offsets each pass tests.
    private let searchedAlone: [Int]
    private let rareBytes: [(Int, Int)]
    /// The 4-byte set and, per hash, the literals starting with such a window.
    private var set = [UInt64](repeating: 0, count: 1024)
    private var buckets: [UInt32: [Int]] = [:]
    private let hashed: Bool
    private var hits: [(offset: Int64, mask: UInt64)] = []
    private var candidates = [UInt32](repeating: 0, count: 4096)
    private var cursor = 0

    /// Nil when the pattern set has more literals than `capacity`: records are then checked one by one.
    public init?(_ patterns: PatternSet) {
        guard patterns.literals.count <= Self.capacity else { return nil }
        let literals = patterns.literals
        self.literals = literals
        hashed = literals.count > Self.memmemLimit
        if hashed {
            searchedAlone = literals.indices.filter { literals[$0].count < 4 }
            for index in literals.indices where literals[index].count >= 4 {
                let l = literals[index]
                let window = UInt32(l[0]) | UInt32(l[1]) << 8 | UInt32(l[2]) << 16 | UInt32(l[3]) << 24
                let key = logtrace_hash4(window)
                set[Int(key >> 6)] |= 1 << UInt64(key & 63)
                buckets[key, default: []].append(index)
            }
        } else {
            searchedAlone = Array(literals.indices)
        }
        rareBytes = literals.map(Self.rarestPair)
    }

    /// Two offsets in `literal` whose bytes are rare in log text (a rough static ranking: spaces,
    /// lower-case vowels and common punctuation are frequent; upper case and rare letters are not).
    static func rarestPair(_ literal: [UInt8]) -> (Int, Int) {
        guard literal.count >= 2 else { return (0, 0) }
        func frequency(_ c: UInt8) -> Int {
            switch c {
            case 0x20: return 255
            case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
                 UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"): return 240
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return 200
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "\""): return 190
            case UInt8(ascii: "q"), UInt8(ascii: "z"), UInt8(ascii: "x"), UInt8(ascii: "j"), UInt8(ascii: "k"), UInt8(ascii: "v"): return 60
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return 150
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 100
            default: return 80
            }
        }
        let ranked = literal.indices.sorted { (frequency(literal[$0]), $0) < (frequency(literal[$1]), $1) }
        let first = ranked[0]
        let second = ranked.dropFirst().first { literal[$0] != literal[first] } ?? ranked[1]
        return (first, second)
    }

    /// Finds every literal in `block`, which starts at stream offset `offset` and holds whole lines.
    public func scan(_ block: UnsafeRawBufferPointer, at offset: Int64) {
        hits.removeAll(keepingCapacity: true)
        cursor = 0
        guard let base = block.baseAddress else { return }
        let text = base.assumingMemoryBound(to: UInt8.self)
        for index in searchedAlone {
            let (first, second) = rareBytes[index]
            literals[index].withUnsafeBytes { needle in
                var position = 0
                while position + needle.count <= block.count,
                      let found = logtrace_find(text + position, block.count - position,
                                                needle.baseAddress!.assumingMemoryBound(to: UInt8.self), needle.count, first, second) {
                    let at = text.distance(to: found)
                    hits.append((offset + Int64(at), 1 << UInt64(index)))
                    position = at + needle.count
                }
            }
        }
        if hashed { scanHashed(block, at: offset) }
        if hits.count > 1 { hits.sort { $0.offset < $1.offset } }
    }

    private func scanHashed(_ block: UnsafeRawBufferPointer, at offset: Int64) {
        let text = block.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var position = 0
        while position < block.count {
            let found = set.withUnsafeBufferPointer { set in
                candidates.withUnsafeMutableBufferPointer { out in
                    logtrace_hash4_candidates(text, block.count, &position, set.baseAddress!, out.baseAddress!, out.count)
                }
            }
            for k in 0..<found {
                let at = Int(candidates[k])
                let window = UInt32(text[at]) | UInt32(text[at + 1]) << 8 | UInt32(text[at + 2]) << 16 | UInt32(text[at + 3]) << 24
                guard let indices = buckets[logtrace_hash4(window)] else { continue }
                for index in indices {
                    let literal = literals[index]
                    if at + literal.count <= block.count,
                       literal.withUnsafeBytes({ memcmp(text + at, $0.baseAddress!, literal.count) }) == 0 {
                        hits.append((offset + Int64(at), 1 << UInt64(index)))
                    }
                }
            }
        }
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
