import Foundation

/// What one shard of a batch job found, written by `ingest --partial` and read by `logtrace merge`:
/// events with their evidence and the per-file summaries, never conclusions, so that incidents spanning
/// shards are found at the merge. The events are every event read, copies included, each with its
/// record's `ContentHash`: which are copies of another file's is decided at the merge, over all files.
/// Merging is concatenation followed by the canonical sort and `OverlappingCopies`, hence associative
/// and commutative. Format `logtrace-partial/5`, documented in docs/partial-format.md: JSON
/// Lines, one header, then one line per file summary and per event, so that neither writing nor reading
/// holds more than one line's JSON at a time, and last a trailer stating what came before it (counts,
/// bytes, checksum), so that a partial cut short or altered is refused rather than merged.
public struct PartialResult: Sendable {
    public static let schema = "logtrace-partial/5"

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

    public var shard: Shard
    public var patterns: Patterns
    public var result: ScanResult

    public init(shard: Shard, patterns: Patterns, result: ScanResult) {
        self.shard = shard
        self.patterns = patterns
        self.result = result
    }

    /// A problem writing, reading or merging partials, said in one line.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The first line.
    struct Header: Codable {
        var schema: String?
        var shard: Shard?
        var patterns: Patterns?
    }

    /// Every later line: one file summary or one event, or, last, the trailer.
    struct Line: Codable {
        var file: FileSummary?
        var event: Event?
        var trailer: Trailer?
    }

    /// The last line: what the lines before it hold, checked by `read`. `bytes` and `fnv1a64` cover every
    /// line before the trailer, the header included, each with its `\n` (uncompressed).
    struct Trailer: Codable, Equatable {
        var files: Int
        var events: Int
        var bytes: Int
        var fnv1a64: String
    }

    /// Longest line a partial may hold (a file summary with many warnings is the longest).
    static let maxLineBytes = 4 << 20

    /// Writes the partial line by line, gzip-compressed when `path` ends in `.gz`, to a temporary file
    /// renamed to `path` once whole (see `PartialFileWriter`): on an error, `path` is left as it was.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let out = try PartialFileWriter(path: path, compress: path.hasSuffix(".gz"))
        var sum = PartialChecksum()
        func line(_ value: some Encodable, counted: Bool = true) throws {
            var data = try encoder.encode(value)
            data.append(0x0A)
            if counted { data.withUnsafeBytes { sum.add($0) } }
            try out.write(data)
        }
        do {
            try line(Header(schema: Self.schema, shard: shard, patterns: patterns))
            for file in result.files { try line(Line(file: file)) }
            let events = result.allEvents
            for event in events { try line(Line(event: event)) }
            try line(Line(trailer: Trailer(files: result.files.count, events: events.count, bytes: sum.bytes, fnv1a64: sum.hex)), counted: false)
            try out.finish()
        } catch {
            out.abandon()
            throw error
        }
    }

    /// Reads a partial (plain or gzip, told apart by content), a line at a time, and checks it against
    /// its trailer: a partial cut short (no trailer), or whose counts, bytes or checksum differ from what
    /// its trailer states, is a `Problem` naming the file, never a partial result.
    public static func read(from path: String) throws -> PartialResult {
        let source: any ByteSource
        do {
            source = try InputOpener.open(path: path, backend: .zlib).source
        } catch {
            // Missing, unreadable, or another format by its first bytes: named like every other refusal.
            throw Problem(description: "\(path): \(error)")
        }
        let decoder = JSONDecoder()
        let lines = LineReader(bufferSize: maxLineBytes + (1 << 20), maxLineBytes: maxLineBytes)
        var header: Header?
        var result = ScanResult()
        var failure: Problem?
        let interner = EventInterner()
        var sum = PartialChecksum()
        var trailer: (Trailer, offset: Int64)?
        var lastLine = 0

        func take(_ line: UnsafeRawBufferPointer, number: Int, truncated: Bool, offset: Int64) throws(Problem) {
            if truncated { throw Problem(description: "\(path):\(number): a line longer than \(maxLineBytes) bytes") }
            if trailer != nil { throw Problem(description: "\(path):\(number): a line after the trailer: not the partial its shard wrote") }
            lastLine = number
            // The writer writes none: one is a byte the trailer does not count.
            if line.isEmpty { return sum.add([0x0A]) }
            let data = Data(line)
            guard header != nil else {
                let first = try? decoder.decode(Header.self, from: data)
                guard let schema = first?.schema else { throw Problem(description: "\(path): not a logtrace partial result") }
                guard schema == Self.schema, first?.shard != nil, first?.patterns != nil else {
                    throw Problem(description: "\(path): partial format '\(schema)', but this logtrace reads '\(Self.schema)'")
                }
                header = first
                sum.add(line)
                sum.add([0x0A])
                return
            }
            let entry: Line
            do {
                entry = try decoder.decode(Line.self, from: data)
            } catch {
                throw Problem(description: "\(path):\(number): not a file summary, an event or the trailer: \(error)")
            }
            if let last = entry.trailer {
                trailer = (last, offset)
                return
            }
            sum.add(line)
            sum.add([0x0A])
            if let file = entry.file { result.files.append(file) }
            if let event = entry.event { result.events.append(interner.intern(event)) }
            if entry.file == nil && entry.event == nil {
                throw Problem(description: "\(path):\(number): not a file summary, an event or the trailer")
            }
        }

        do {
            try lines.forEachLine(of: source) { line, number, truncated, offset in
                guard failure == nil else { return }
                do throws(Problem) {
                    try take(line, number: number, truncated: truncated, offset: offset)
                } catch {
                    failure = error
                }
            }
        } catch {
            // A partial cut short or damaged (a shard killed mid-write): named, and not merged.
            throw Problem(description: "\(path): \(error)")
        }
        if let failure { throw failure }
        guard let header, let shard = header.shard, let patterns = header.patterns else {
            throw Problem(description: "\(path): not a logtrace partial result")
        }
        guard let (stated, offset) = trailer else {
            throw Problem(description: "\(path): no trailer after line \(lastLine): the partial is cut short (its shard stopped before finishing it), not merged")
        }
        if stated.files != result.files.count || stated.events != result.events.count {
            throw Problem(description: "\(path): holds \(result.files.count) file summaries and \(result.events.count) events, but its trailer says \(stated.files) and \(stated.events): not the partial its shard wrote")
        }
        if stated.bytes != Int(offset) || stated.bytes != sum.bytes {
            throw Problem(description: "\(path): \(offset) bytes before its trailer, but the trailer says \(stated.bytes): not the partial its shard wrote")
        }
        if stated.fnv1a64 != sum.hex {
            throw Problem(description: "\(path): checksum (FNV-1a 64) of its lines is \(sum.hex), but its trailer says \(stated.fnv1a64): the partial was altered")
        }
        return PartialResult(shard: shard, patterns: patterns, result: result)
    }

    /// Checks that `partials` are the shards of one job and merges them. With `allowMissing`, absent
    /// shards are returned instead of being an error.
    public static func merge(_ partials: [(path: String, partial: PartialResult)], allowMissing: Bool) throws -> (ScanResult, Patterns, missing: [Int]) {
        guard let first = partials.first else { throw Problem(description: "no partial results to merge") }
        var byIndex: [Int: String] = [:]
        for (path, partial) in partials {
            if partial.shard.count != first.partial.shard.count || partial.shard.fileListDigest != first.partial.shard.fileListDigest {
                throw Problem(description: "\(path) is shard \(partial.shard.index)/\(partial.shard.count) of file list \(partial.shard.fileListDigest), but \(first.path) is of \(first.partial.shard.count) shards over file list \(first.partial.shard.fileListDigest): not the same job")
            }
            if partial.patterns != first.partial.patterns {
                throw Problem(description: "\(path) was made with other patterns (\(partial.patterns.digest)) than \(first.path) (\(first.partial.patterns.digest))")
            }
            if let other = byIndex[partial.shard.index] {
                throw Problem(description: "shard \(partial.shard.index)/\(partial.shard.count) appears twice: \(other) and \(path)")
            }
            byIndex[partial.shard.index] = path
        }
        let missing = (0..<first.partial.shard.count).filter { byIndex[$0] == nil }
        if !missing.isEmpty && !allowMissing {
            throw Problem(description: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(first.partial.shard.count)" }.joined(separator: ", ")); pass --allow-missing to write the report without \(missing.count == 1 ? "it" : "them")")
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
