/// What a partial's trailer states about the lines before it: their number of bytes (each line with its
/// `\n`) and their FNV-1a 64 (the hash `ShardPlan.hash` uses, here over bytes), so that `merge` can tell
/// a partial cut short, with a line lost, doubled or edited, from the one its shard wrote.
struct PartialChecksum: Equatable {
    private(set) var bytes = 0
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ data: UnsafeRawBufferPointer) {
        var h = value
        for byte in data {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        value = h
        bytes += data.count
    }

    mutating func add(_ data: [UInt8]) {
        data.withUnsafeBytes { add($0) }
    }

    /// The value as 16 lowercase hex digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
