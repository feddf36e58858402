import Foundation

/// What one shard of a batch job found, written by `ingest --partial` and read by `logtrace merge`:
/// events with their evidence and the per-file summaries, never conclusions, so that incidents spanning
/// shards are found at the merge. Merging is concatenation followed by the canonical sort, hence
/// associative and commutative. Format `logtrace-partial/1`, documented in docs/partial-format.md.
public struct PartialResult: Sendable, Codable {
    public static let schema = "logtrace-partial/1"

    public struct Shard: Sendable, Codable, Equatable {
        public var index: Int
        public var count: Int
        /// Digest of the whole job's file list (see `ShardPlan.digest`): every shard of a job has the same.
        public var fileListDigest: String
        public var files: Int

        public init(index: Int, count: Int, fileListDigest: String, files: Int) {
            self.index = index
            self.count = count
            self.fileListDigest = fileListDigest
            self.files = files
        }
    }

    /// The pattern set used: shards must agree on it, or their events are not comparable.
    public struct Patterns: Sendable, Codable, Equatable {
        public var files: [String]
        public var entries: Int
        public var digest: String
    }

    public var schema: String
    public var shard: Shard
    public var patterns: Patterns
    public var result: ScanResult

    public init(shard: Shard, patterns: Patterns, result: ScanResult) {
        self.schema = Self.schema
        self.shard = shard
        self.patterns = patterns
        self.result = result
    }

    /// A problem with a set of partials.
    public struct MergeError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Writes the partial as JSON, gzip-compressed when `path` ends in `.gz`.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = [UInt8](try encoder.encode(self))
        if path.hasSuffix(".gz") { bytes = GzipWriter.compress(bytes) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Reads a partial (plain or gzip, told apart by content).
    public static func read(from path: String) throws -> PartialResult {
        let (source, _) = try InputOpener.open(path: path, backend: .zlib)
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        struct Header: Decodable { var schema: String? }
        let header = try? JSONDecoder().decode(Header.self, from: Data(bytes))
        guard let schema = header?.schema else {
            throw MergeError(description: "\(path): not a logtrace partial result")
        }
        guard schema == Self.schema else {
            throw MergeError(description: "\(path): partial format '\(schema)', but this logtrace reads '\(Self.schema)'")
        }
        return try JSONDecoder().decode(PartialResult.self, from: Data(bytes))
    }

    /// Checks that `partials` are the shards of one job and merges them. With `allowMissing`, absent
    /// shards are returned instead of being an error.
    public static func merge(_ partials: [(path: String, partial: PartialResult)], allowMissing: Bool) throws -> (ScanResult, Patterns, missing: [Int]) {
        guard let first = partials.first else { throw MergeError(description: "no partial results to merge") }
        var byIndex: [Int: String] = [:]
        for (path, partial) in partials {
            if partial.shard.count != first.partial.shard.count || partial.shard.fileListDigest != first.partial.shard.fileListDigest {
                throw MergeError(description: "\(path) is shard \(partial.shard.index)/\(partial.shard.count) of file list \(partial.shard.fileListDigest), but \(first.path) is of \(first.partial.shard.count) shards over file list \(first.partial.shard.fileListDigest): not the same job")
            }
            if partial.patterns != first.partial.patterns {
                throw MergeError(description: "\(path) was made with other patterns (\(partial.patterns.digest)) than \(first.path) (\(first.partial.patterns.digest))")
            }
            if let other = byIndex[partial.shard.index] {
                throw MergeError(description: "shard \(partial.shard.index)/\(partial.shard.count) appears twice: \(other) and \(path)")
            }
            byIndex[partial.shard.index] = path
        }
        let missing = (0..<first.partial.shard.count).filter { byIndex[$0] == nil }
        if !missing.isEmpty && !allowMissing {
            throw MergeError(description: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(first.partial.shard.count)" }.joined(separator: ", ")); pass --allow-missing to write the report without \(missing.count == 1 ? "it" : "them")")
        }
        var merged = ScanResult()
        for (_, partial) in partials { merged.merge(partial.result) }
        return (merged.normalized(), first.partial.patterns, missing)
    }
}

extension PartialResult.Patterns {
    /// Describes a pattern set by its files, entry count and a digest of every entry's id, kind, regex
    /// and literal, in order.
    public init(_ set: PatternSet) {
        let text = set.patterns.map { p in
            [p.definition.id, p.definition.kind.rawValue, p.definition.regex, p.literals.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\u{1D}")].joined(separator: "\u{1F}")
        }.joined(separator: "\u{1E}")
        self.init(files: set.files.map { String($0.split(separator: "/").last ?? Substring($0)) }, entries: set.patterns.count,
                  digest: String(ShardPlan.hash(text), radix: 16))
    }
}
