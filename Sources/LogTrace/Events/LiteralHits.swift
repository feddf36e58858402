import CByteSearch
import Glibc

/// The prefilter run on whole blocks of lines rather than line by line: the pattern literals are found
/// in one block at a time, and each line then asks, in order, which literals start inside it. A record
/// none of whose lines holds a literal is skipped without running PCRE2.
///
/// A few literals are each searched for with memmem (many GB/s a pass). Many literals (the default
/// packs have about 40) would need as many passes, so they are found in one pass instead: every 4-byte
/// window is hashed into a 64 Kibit set of the literals' first four bytes (about 1 GB/s whatever their
/// number), and the rare candidates are checked against the literals in their hash bucket.
public final class LiteralHits {
    /// At most this many distinct literals take part (one bit each).
    public static let capacity = 64
    /// Above this many literals, one hashed pass beats a memmem pass per literal.
    public static let memmemLimit = 8

    private let literals: [[UInt8]]
    /// Literals searched with memmem (all of them, or those shorter than four bytes).
    private let searchedAlone: [Int]
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
    }

    /// Finds every literal in `block`, which starts at stream offset `offset` and holds whole lines.
    public func scan(_ block: UnsafeRawBufferPointer, at offset: Int64) {
        hits.removeAll(keepingCapacity: true)
        cursor = 0
        guard let base = block.baseAddress else { return }
        for index in searchedAlone {
            literals[index].withUnsafeBytes { needle in
                var position = 0
                while position + needle.count <= block.count,
                      let found = logtrace_memmem(base + position, block.count - position, needle.baseAddress!, needle.count) {
                    let at = base.distance(to: UnsafeRawPointer(found))
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
