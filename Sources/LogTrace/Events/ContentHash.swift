/// A 64-bit hash of a record's text with the envelope removed: what tells two copies of one record
/// (kubectl and CRI, plain and gzip) from two records printed at the same time. Stable across runs and
/// machines (it is written into partials); encoded as 16 lowercase hex digits.
public struct ContentHash: Sendable, Hashable, Codable {
    public let value: UInt64

    public init(value: UInt64) {
        self.value = value
    }

    /// Hashes `bytes` 8 at a time (little-endian words, each xored in, multiplied and folded), then
    /// the tail and the length, and mixes the result: a few cycles per word, for the records of events only.
    public init(of bytes: UnsafeRawBufferPointer) {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        let count = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            while i + 8 <= count {
                h = (h ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* k
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* k
        }
        h ^= UInt64(count)
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        value = h
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.utf8.count == 16, let parsed = UInt64(text, radix: 16) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not 16 hex digits: \(text)"))
        }
        value = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    /// The value as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
