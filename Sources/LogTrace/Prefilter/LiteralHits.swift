import CByteSearch
import Glibc

/// The prefilter run on whole blocks of lines rather than line by line: the pattern literals are found
/// in one block at a time, and each line then asks, in order, which literals start inside it. A record
/// none of whose lines holds a literal is skipped without running PCRE2.
///
/// Up to 16 literals are found together in one SIMD pass that tests 32 positions at a time for two of
/// each literal's rarest bytes. More literals (the default packs have about 170) are found in one hashed
/// pass instead: every 4-byte window is hashed into a 64 Kibit set holding, for each literal, the 4-byte
/// window of it least likely in log text (eight windows per AVX2 step, at even positions only, so each
/// literal enters two consecutive windows), and the rare candidates are checked against the literals in
/// their hash bucket; literals shorter than five bytes then take the SIMD pass.
public final class LiteralHits {
    /// The mask of literal `index`. With more than 64 literals, bits are shared: the matcher then runs
    /// the patterns of each literal a bit stands for, which only costs a PCRE2 run on a rare line.
    @inline(__always)
    public static func bit(_ index: Int) -> LiteralMask { LiteralMask(literal: index) }
    /// At most this many literals share one SIMD pass; above it, the hashed pass is used.
    public static let simdLimit = 16

    private let literals: [[UInt8]]
    /// The literals found by SIMD passes (all of them, or those shorter than four bytes), in groups of
    /// at most `simdLimit`, each literal with its two rare byte offsets, and the literals' indices.
    private var groups: [(literals: UnsafeMutableBufferPointer<logtrace_literal>, indices: [Int])] = []
    private let storage: UnsafeMutableRawBufferPointer
    /// The 4-byte set and, per hash h, the literals whose chosen window hashes to h:
    /// `bucketEntries[bucketStart[h]..<bucketStart[h + 1]]`, each a literal index and its window's offset.
    private var set = [UInt64](repeating: 0, count: 1024)
    private var bucketStart: [Int32] = []
    private var bucketEntries: [(literal: Int32, window: Int32)] = []
    /// Every literal's bytes, end to end, and where each starts, for comparing without retain/release.
    private let allBytes: UnsafeMutableRawBufferPointer
    private let byteStart: [Int]
    private let hashed: Bool
    private var hits: [(offset: Int64, mask: LiteralMask)] = []
    private var candidates = [UInt32](repeating: 0, count: 4096)
    private var which = [UInt8](repeating: 0, count: 4096)
    private var cursor = 0

    /// Searches for `literals` (a pattern set's, in its order: hit masks index them); nil when there are none.
    public init?(literals: [[UInt8]]) {
        guard !literals.isEmpty else { return nil }
        self.literals = literals
        hashed = literals.count > Self.simdLimit
        var searchedTogether = Array(literals.indices)
        var starts: [Int] = []
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: literals.reduce(0) { $0 + $1.count }, alignment: 1)
        var total = 0
        for literal in literals {
            starts.append(total)
            literal.withUnsafeBytes { (bytes.baseAddress! + total).copyMemory(from: $0.baseAddress!, byteCount: literal.count) }
            total += literal.count
        }
        allBytes = bytes
        byteStart = starts
        if hashed {
            searchedTogether = literals.indices.filter { literals[$0].count < 5 }
            var byKey: [(key: UInt32, literal: Int32, window: Int32)] = []
            for index in literals.indices where literals[index].count >= 5 {
                let l = literals[index]
                let first = Self.rarestWindowPair(l)
                for w in [first, first + 1] {
                    let window = UInt32(l[w]) | UInt32(l[w + 1]) << 8 | UInt32(l[w + 2]) << 16 | UInt32(l[w + 3]) << 24
                    let key = logtrace_hash4(window)
                    set[Int(key >> 6)] |= 1 << UInt64(key & 63)
                    byKey.append((key, Int32(index), Int32(w)))
                }
            }
            byKey.sort { ($0.key, $0.literal) < ($1.key, $1.literal) }
            bucketStart = [Int32](repeating: 0, count: 65537)
            for entry in byKey { bucketStart[Int(entry.key) + 1] += 1 }
            for h in 0..<65536 { bucketStart[h + 1] += bucketStart[h] }
            bucketEntries = byKey.map { ($0.literal, $0.window) }
        }
        storage = .allocate(byteCount: searchedTogether.reduce(0) { $0 + literals[$1].count }, alignment: 1)
        var used = 0
        for start in stride(from: 0, to: searchedTogether.count, by: Self.simdLimit) {
            let indices = Array(searchedTogether[start..<min(start + Self.simdLimit, searchedTogether.count)])
            let group = UnsafeMutableBufferPointer<logtrace_literal>.allocate(capacity: indices.count)
            for (k, index) in indices.enumerated() {
                let bytes = literals[index]
                let at = storage.baseAddress! + used
                bytes.withUnsafeBytes { at.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                used += bytes.count
                let (first, second) = Self.rarestPair(bytes)
                group[k] = logtrace_literal(bytes: at.assumingMemoryBound(to: UInt8.self), length: bytes.count, first: first, second: second)
            }
            groups.append((group, indices))
        }
    }

    deinit {
        for group in groups { group.literals.deallocate() }
        storage.deallocate()
        allBytes.deallocate()
    }

    /// The offset of the two overlapping 4-byte windows of `literal` (5 bytes) least likely in log text
    /// (the smallest sum of byte ranks), so that a common prefix (`Conn`, `Fail`) does not make every
    /// such word a candidate. Two windows, because the hashed pass looks at even positions only.
    static func rarestWindowPair(_ literal: [UInt8]) -> Int {
        (0...(literal.count - 5)).min { a, b in
            let ra = (a..<(a + 5)).reduce(0) { $0 + Int(byteRank[Int(literal[$1])]) }
            let rb = (b..<(b + 5)).reduce(0) { $0 + Int(byteRank[Int(literal[$1])]) }
            return (ra, a) < (rb, b)
        }!
    }

    /// How common each byte value is in Kubernetes pod logs, as a rank from 0 (rarest) to 255: counted
    /// once over the decompressed samples/ and the recorded client fixtures (1.2 MB of Spring Boot,
    /// broker, librdkafka, Python and Go logs). Only the order matters.
    static let byteRank: [UInt8] = [
          0,   1,   2,   3,   4,   5,   6,   7,   8, 177, 223,   9,  10,  11,  12,  13,
         14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,
        255,  30, 203, 198, 172, 188,  31, 213, 217, 218,  32,  33, 219, 236, 242, 207,
        247, 249, 246, 212, 225, 226, 221, 230, 210, 239, 244, 165, 181, 205, 180, 166,
        170, 201, 189, 228, 184, 229, 204, 191, 176, 209, 174, 185, 196, 190, 224, 220,
        197, 175, 232, 187, 211, 199, 169, 183, 168, 178, 195, 214,  34, 215, 171, 192,
         35, 251, 222, 241, 243, 254, 235, 216, 227, 245, 179, 233, 237, 231, 248, 253,
        238, 186, 250, 240, 252, 234, 208, 200, 182, 206, 173, 194, 202, 193, 167,  36,
         37,  38,  39,  40,  41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,
         53,  54,  55,  56,  57,  58,  59,  60,  61,  62,  63,  64,  65,  66,  67,  68,
         69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,  84,
         85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,  97,  98,  99, 100,
        101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116,
        117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132,
        133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148,
        149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164,
    ]

    /// Two offsets in `literal` whose bytes are rare in log text: the rarest byte, and the rarest other
    /// byte at least two places away (neighbouring letters often come together), the farther the better.
    static func rarestPair(_ literal: [UInt8]) -> (Int, Int) {
        guard literal.count >= 2 else { return (0, 0) }
        let ranked = literal.indices.sorted { (byteRank[Int(literal[$0])], $0) < (byteRank[Int(literal[$1])], $1) }
        let first = ranked[0]
        var others = literal.indices.filter { literal[$0] != literal[first] && abs($0 - first) >= 2 }
        if others.isEmpty { others = literal.indices.filter { $0 != first } }
        let second = others.min { (byteRank[Int(literal[$0])], -abs($0 - first)) < (byteRank[Int(literal[$1])], -abs($1 - first)) }!
        return (first, second)
    }

    /// Finds every literal in `block`, which starts at stream offset `offset` and holds whole lines.
    public func scan(_ block: UnsafeRawBufferPointer, at offset: Int64) {
        hits.removeAll(keepingCapacity: true)
        cursor = 0
        guard let base = block.baseAddress else { return }
        let text = base.assumingMemoryBound(to: UInt8.self)
        for group in groups {
            var position = 0
            while position < block.count {
                let found = candidates.withUnsafeMutableBufferPointer { out in
                    which.withUnsafeMutableBufferPointer { which in
                        logtrace_find_all(text, block.count, &position, group.literals.baseAddress!, group.literals.count,
                                          out.baseAddress!, which.baseAddress!, out.count)
                    }
                }
                for k in 0..<found {
                    hits.append((offset + Int64(candidates[k]), Self.bit(group.indices[Int(which[k])])))
                }
            }
        }
        if hashed { scanHashed(block, at: offset) }
        // The hashed pass finds literals by an inner window, so its hits can come out of order too.
        if (hashed || groups.count > 1) && hits.count > 1 { hits.sort { $0.offset < $1.offset } }
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
                let key = Int(logtrace_hash4(window))
                for entry in bucketEntries[Int(bucketStart[key])..<Int(bucketStart[key + 1])] {
                    let index = Int(entry.literal)
                    let start = at - Int(entry.window)
                    let length = literals[index].count
                    if start >= 0 && start + length <= block.count,
                       memcmp(text + start, allBytes.baseAddress! + byteStart[index], length) == 0 {
                        hits.append((offset + Int64(start), Self.bit(index)))
                    }
                }
            }
        }
    }

    /// How many literal occurrences the last `scan` found.
    public var count: Int { hits.count }

    /// The stream offset of occurrence `i` of the last `scan`, in increasing order.
    public func offset(_ i: Int) -> Int64 { hits[i].offset }

    /// The literals that start in the line at stream offset `offset` with `length` bytes. Lines must be
    /// asked about in stream order.
    @inline(__always)
    public func mask(lineAt offset: Int64, length: Int) -> LiteralMask {
        var mask = LiteralMask()
        let end = offset + Int64(length)
        while cursor < hits.count && hits[cursor].offset < end {
            if hits[cursor].offset >= offset { mask |= hits[cursor].mask }
            cursor += 1
        }
        return mask
    }
}
