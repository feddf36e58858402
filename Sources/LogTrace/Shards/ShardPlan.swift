/// Which files a shard of a batch job reads: every shard computes the same assignment from the same file
/// list, whatever the order of the arguments, so N pods of a Kubernetes Indexed Job each take a share.
///
/// Files are keyed by their path relative to `root`; heavier files are placed first, each on the shard
/// with the least bytes so far (ties by the path's hash, then the shard number), so shards are balanced
/// by size where sizes are known (a file that cannot be stat'ed weighs 0).
public struct ShardPlan: Sendable {
    public var index: Int
    public var count: Int
    public var root: String?

    public init(index: Int, count: Int, root: String? = nil) {
        self.index = index
        self.count = count
        self.root = root
    }

    /// Parses `I/N`, or `auto` (I from `JOB_COMPLETION_INDEX`, N from `count` or `JOB_COMPLETIONS`).
    public static func parse(_ text: String, count: Int?, root: String?, environment: [String: String]) -> ShardPlan? {
        var index: Int?
        var total = count
        if text == "auto" {
            index = environment["JOB_COMPLETION_INDEX"].flatMap { Int($0) }
            total = total ?? environment["JOB_COMPLETIONS"].flatMap { Int($0) }
        } else {
            let parts = text.split(separator: "/")
            guard parts.count == 2 else { return nil }
            index = Int(parts[0])
            total = Int(parts[1])
        }
        guard let index, let total, total >= 1, index >= 0, index < total else { return nil }
        return ShardPlan(index: index, count: total, root: root)
    }

    /// The path that names a file in every shard: relative to `root` when it lies below it.
    public func key(_ path: String) -> String {
        guard let root, !root.isEmpty else { return path }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The files of `paths` that belong to this shard, in their given order.
    public func select(_ paths: [String], size: (String) -> Int64 = FileByteSource.size(of:)) -> [String] {
        let mine = Set(assignment(paths, size: size).filter { $0.value == index }.map(\.key))
        return paths.filter { mine.contains(key($0)) }
    }

    /// Shard number for each file key.
    public func assignment(_ paths: [String], size: (String) -> Int64 = FileByteSource.size(of:)) -> [String: Int] {
        let files = Set(paths).map { (key: key($0), size: size($0)) }
            .sorted { ($0.size, Self.hash($0.key), $0.key) > ($1.size, Self.hash($1.key), $1.key) }
        var load = [Int64](repeating: 0, count: count)
        var result: [String: Int] = [:]
        for file in files where result[file.key] == nil {
            // The lightest shard; among equals, the one the path hashes to, then the lowest number.
            let start = Int(Self.hash(file.key) % UInt64(count))
            var best = start
            for step in 0..<count {
                let shard = (start + step) % count
                if load[shard] < load[best] { best = shard }
            }
            load[best] += file.size
            result[file.key] = best
        }
        return result
    }

    /// FNV-1a, 64-bit: stable across runs, machines and Swift versions (unlike `hashValue`).
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// A digest of a whole file list (keys sorted), so partials of different jobs are not merged.
    public func digest(_ paths: [String]) -> String {
        let keys = Set(paths.map(key)).sorted()
        let h = Self.hash(keys.joined(separator: "\n"))
        return String(h, radix: 16) + "-" + String(keys.count)
    }
}
