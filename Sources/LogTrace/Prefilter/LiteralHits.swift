import CByteSearch
import Glibc

/// The prefilter run on whole blocks of lines rather than line by line: the pattern literals are found
/// in one block at a time, and each line then asks, in order, which literals start inside it. A record
/// none of whose lines holds a literal is skipped without running PCRE2.
///
/// Up to 16 literals are found together in one SIMD pass that tests 32 positions at a time for two of
/// each literal's rarest bytes. More literals (the default packs have about 210) are found in one
/// fingerprint pass whose cost does not grow with their number (`logtrace_fingerprint_hits`): every
/// fourth position's 8-byte (and 4-byte) window is hashed into a Bloom filter holding four consecutive
/// windows of each literal, the rarest in log text, and the rare windows in the set are checked
/// against the literals they stand for. Literals shorter than 7 bytes then take the SIMD pass.
public final class LiteralHits {
    /// The mask of literal `index`. With more than 64 literals, bits are shared: the matcher then runs
    /// the patterns of each literal a bit stands for, which only costs a PCRE2 run on a rare line.
    @inline(__always)
    public static func bit(_ index: Int) -> LiteralMask { LiteralMask(literal: index) }
    /// At most this many literals share one SIMD pass; above it, the fingerprint pass is used.
    public static let simdLimit = 16
    /// The shortest literals of the fingerprint pass: 8-byte windows from `wideLength` bytes on, 4-byte
    /// windows from `narrowLength` (four consecutive windows each).
    static let wideLength = 11
    static let narrowLength = 7

    private let literals: [[UInt8]]
    /// The literals found by SIMD passes (all of them, or those shorter than `narrowLength`), in groups
    /// of at most `simdLimit`, each literal with its two rare byte offsets, and the literals' indices.
    private var groups: [(literals: UnsafeMutableBufferPointer<logtrace_literal>, indices: [Int])] = []
    private let storage: UnsafeMutableRawBufferPointer
    /// The fingerprint pass's tables (nil with at most `simdLimit` literals), and the memory they point to.
    private let fingerprints: UnsafeMutablePointer<logtrace_fingerprints>?
    private var owned: [UnsafeMutableRawPointer] = []
    private var hits: [(offset: Int64, mask: LiteralMask)] = []
    private var candidates = [UInt32](repeating: 0, count: 4096)
    private var which = [UInt8](repeating: 0, count: 4096)
    private var literalOfHit = [UInt32](repeating: 0, count: 4096)
    private var cursor = 0

    /// How many of `literals` are the pattern set's; those after them are markers.
    private let patternLiteralCount: Int

    /// Searches for `literals` (a pattern set's, in its order: hit masks index them); nil when there are none.
    /// `markers` are found too, but their hits carry an empty mask: a record holding one is handed over
    /// by `RecordSkipper` (the level words of `UnexplainedRecords`), yet the matcher tries no pattern for it.
    /// They ride on the fingerprint pass, almost free: they are searched only with more than `simdLimit`
    /// literals (the default packs), and only those of at least `narrowLength` bytes.
    public init?(literals patternLiterals: [[UInt8]], markers: [[UInt8]] = []) {
        guard !patternLiterals.isEmpty else { return nil }
        let literals = patternLiterals + (patternLiterals.count > Self.simdLimit ? markers.filter { $0.count >= Self.narrowLength } : [])
        self.literals = literals
        self.patternLiteralCount = patternLiterals.count
        var searchedTogether = Array(literals.indices)
        if patternLiterals.count > Self.simdLimit {
            searchedTogether = literals.indices.filter { literals[$0].count < Self.narrowLength }
            fingerprints = .allocate(capacity: 1)
            var owned: [UnsafeMutableRawPointer] = []
            let bytes = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: literals.count)
            let lengths = UnsafeMutablePointer<Int>.allocate(capacity: literals.count)
            owned += [UnsafeMutableRawPointer(bytes), UnsafeMutableRawPointer(lengths)]
            for (index, literal) in literals.enumerated() {
                let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: literal.count)
                copy.initialize(from: literal, count: literal.count)
                owned.append(UnsafeMutableRawPointer(copy))
                bytes[index] = UnsafePointer(copy)
                lengths[index] = literal.count
            }
            let wide = Self.table(literals, width: 8, from: Self.wideLength, to: Int.max, owned: &owned)
            let narrow = Self.table(literals, width: 4, from: Self.narrowLength, to: Self.wideLength - 1, owned: &owned)
            fingerprints!.initialize(to: logtrace_fingerprints(wide: wide, narrow: narrow, bytes: bytes, lengths: lengths))
            self.owned = owned
        } else {
            fingerprints = nil
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
        for pointer in owned { pointer.deallocate() }
        fingerprints?.deallocate()
    }

    /// The fingerprint table of the literals of `from...to` bytes: four consecutive `width`-byte windows
    /// of each, from `rarestWindows`, in a Bloom filter of 32 bits per window (2^15 to 2^21 bits: from
    /// L1 to L2 size), and bucketed by hash, in literal and offset order. An empty table (NULL set) when
    /// no literal has such a length.
    static func table(_ literals: [[UInt8]], width: Int, from: Int, to: Int,
                      owned: inout [UnsafeMutableRawPointer]) -> logtrace_fingerprint_table {
        var entries: [(hash: UInt32, fingerprint: logtrace_fingerprint)] = []
        let chosen = literals.indices.filter { (from...to).contains(literals[$0].count) }
        guard !chosen.isEmpty else { return logtrace_fingerprint_table(set: nil, bits: 0, start: nil, entries: nil) }
        var bits: UInt32 = 15
        while bits < 21 && (1 << bits) < chosen.count * 4 * 32 { bits += 1 }
        let set = UnsafeMutablePointer<UInt32>.allocate(capacity: 1 << (bits - 5))
        set.initialize(repeating: 0, count: 1 << (bits - 5))
        for index in chosen {
            let literal = literals[index]
            let first = rarestWindows(literal, width: width)
            for offset in first..<(first + 4) {
                let window = (0..<width).reduce(UInt64(0)) { $0 | UInt64(literal[offset + $1]) << (8 * UInt64($1)) }
                let hash = width == 8 ? logtrace_hash_wide(window) : logtrace_hash_narrow(UInt32(truncatingIfNeeded: window))
                set[Int(logtrace_fingerprint_word(hash, bits))] |= logtrace_fingerprint_bits(hash)
                entries.append((hash, logtrace_fingerprint(window: window, literal: UInt32(index), offset: UInt32(offset))))
            }
        }
        let bucket = { (hash: UInt32) in Int(hash >> 20) }
        entries.sort { (bucket($0.hash), $0.fingerprint.literal, $0.fingerprint.offset) < (bucket($1.hash), $1.fingerprint.literal, $1.fingerprint.offset) }
        let start = UnsafeMutablePointer<UInt32>.allocate(capacity: 4097)
        start.initialize(repeating: 0, count: 4097)
        for entry in entries { start[bucket(entry.hash) + 1] += 1 }
        for b in 0..<4096 { start[b + 1] += start[b] }
        let stored = UnsafeMutablePointer<logtrace_fingerprint>.allocate(capacity: entries.count)
        stored.initialize(from: entries.map(\.fingerprint), count: entries.count)
        owned += [UnsafeMutableRawPointer(set), UnsafeMutableRawPointer(start), UnsafeMutableRawPointer(stored)]
        return logtrace_fingerprint_table(set: set, bits: bits, start: start, entries: stored)
    }

    /// Where the four consecutive `width`-byte windows of `literal` least likely in log text begin: the
    /// `width + 3` bytes they cover have the smallest sum of byte ranks (the first such place), so that
    /// a common word (`Connection`, `Failed`) does not make every such line a candidate.
    static func rarestWindows(_ literal: [UInt8], width: Int) -> Int {
        let span = width + 3
        let rank = { (i: Int) in Int(byteRank[Int(literal[i])]) }
        var sum = (0..<span).reduce(0) { $0 + rank($1) }
        var best = (sum: sum, at: 0)
        for at in stride(from: 1, through: literal.count - span, by: 1) {
            sum += rank(at + span - 1) - rank(at - 1)
            if sum < best.sum { best = (sum, at) }
        }
        return best.at
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
                    let index = group.indices[Int(which[k])]
                    hits.append((offset + Int64(candidates[k]), index < patternLiteralCount ? Self.bit(index) : LiteralMask()))
                }
            }
        }
        if let fingerprints { scanFingerprints(fingerprints, text, block.count, at: offset) }
        // The fingerprint pass finds literals by an inner window, so its hits can come out of order too.
        if (fingerprints != nil || groups.count > 1) && hits.count > 1 { hits.sort { $0.offset < $1.offset } }
    }

    private func scanFingerprints(_ fingerprints: UnsafeMutablePointer<logtrace_fingerprints>, _ text: UnsafePointer<UInt8>,
                                  _ count: Int, at offset: Int64) {
        var position = 0
        while position < count {
            let before = position
            let found = candidates.withUnsafeMutableBufferPointer { out in
                literalOfHit.withUnsafeMutableBufferPointer { which in
                    logtrace_fingerprint_hits(fingerprints, text, count, &position, out.baseAddress!, which.baseAddress!, out.count)
                }
            }
            if found == 0 && position == before {
                // One 32-byte stretch holds more occurrences than the output: room for twice as many.
                candidates += candidates
                literalOfHit += literalOfHit
                continue
            }
            for k in 0..<found {
                let index = Int(literalOfHit[k])
                hits.append((offset + Int64(candidates[k]), index < patternLiteralCount ? Self.bit(index) : LiteralMask()))
            }
        }
    }

    /// How many literal occurrences the last `scan` found.
    public var count: Int { hits.count }

    /// The stream offset of occurrence `i` of the last `scan`, in increasing order.
    public func offset(_ i: Int) -> Int64 { hits[i].offset }

    /// True when occurrence `i` of the last `scan` is a marker's, not a pattern literal's.
    @inline(__always)
    public func isMarker(_ i: Int) -> Bool { hits[i].mask.isEmpty }

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
