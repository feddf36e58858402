import Glibc

/// Gathers one file's `UnexplainedTemplates` during the scan: each record at WARN or worse that no
/// pattern matched, and each level-less one among the `followingRecords` records after a failure line
/// (Go's `log` and `print` output carry no level), is masked (`LineTemplate`, its first line from after
/// the level word or timestamp) and counted. `markers` are the level words the block-wide literal search
/// looks for besides the pattern literals, so that `RecordSkipper` hands such records' header lines
/// over even when they hold no pattern literal.
public final class UnexplainedRecords {
    /// How many records after a failure line (an event whose kind is a failure) are looked at for
    /// level-less lines: an application's own words about the failed send come right after the
    /// library's line (kafka-go's retries, then `order 00052 not delivered: ...`), and five reach past
    /// the retry lines between them without taking in the ordinary output that resumes after recovery.
    /// Only pattern events open the window, never a WARN record: events come out the same whether
    /// `RecordSkipper` skips or every record is read, so the records it must hand over are known.
    public static let followingRecords = 5

    /// The level words with the bytes layouts put around them, at least 7 bytes each so that they ride
    /// on the fingerprint pass of the literal search (`LiteralHits`): Spring Boot's and logback's padded
    /// `  WARN ` and `WARN  `, log4j's `] WARN `, ` ERROR `, Python's `WARNING` and ` ERROR:` (after an
    /// envelope) or `\nERROR:`. A failure record whose level stands otherwise (` WARN ` unpadded, JSON
    /// values, `FATAL`, `CRITICAL`) is seen only when it is read for a pattern literal: each marker more
    /// costs the fingerprint pass (with `FATAL`, `SEVERE` and JSON's `"error"` and `"warn"` forms it was
    /// 20 % slower on the bench corpus, with three JSON forms 12 %).
    public static let markers: [[UInt8]] = [
        "  WARN ", " WARN  ", "] WARN ", " ERROR ", " ERROR:", "\nERROR:", "WARNING",
    ].map { Array($0.utf8) }

    private let parser: TimestampMinuteCache
    private let overrides: [ServiceOverride]
    /// Template slots by the `ContentHash` of their key (on a clash, the next free hash; the standard `Hasher`
    /// took a tenth of the gathering's time), and each slot's key:
    /// its masked text, after its service and a NUL for stern's lines.
    private var index: [UInt64: Int] = [:]
    private var keys: [[UInt8]] = []
    private var templates: [UnexplainedTemplates.Template] = []
    private var result = UnexplainedTemplates()
    private var buckets = 0
    private var key: [UInt8] = []
    /// Room for one record's template (`LineTemplate.room`).
    private let masked = UnsafeMutablePointer<UInt8>.allocate(capacity: LineTemplate.room)
    /// stern: the services of the pods lines named, by pod.
    private var services: [[UInt8]: String] = [:]
    /// How many of the records still to come follow a failure line closely enough to be looked at when
    /// level-less; `RecordSkipper` reads them rather than skipping them.
    public private(set) var followersLeft = 0

    public init(parser: TimestampParser, overrides: [ServiceOverride]) {
        self.parser = TimestampMinuteCache(parser: parser)
        self.overrides = overrides
    }

    deinit { masked.deallocate() }

    /// Counts `record`, which matched no pattern, when its level is WARN or worse (`isFailure`), or when
    /// it has no level and follows a failure line closely.
    @inline(__always)
    public func note(_ record: RecordView) {
        let follows = followersLeft > 0
        if follows { followersLeft -= 1 }
        if let level = record.level {
            if Self.isFailure(level) { add(record, after: level) }
        } else if follows {
            add(record, after: record.appTimestamp)
        }
    }

    /// Notes a record that a pattern matched, of `kind`: a failure opens the window of records after it.
    @inline(__always)
    public func noteMatched(_ kind: EventKind) {
        if kind.role == .failure {
            followersLeft = Self.followingRecords
        } else if followersLeft > 0 {
            followersLeft -= 1
        }
    }

    /// Templates `record` from after `mark` (its level word or timestamp, when inside its text).
    private func add(_ record: RecordView, after mark: UnsafeRawBufferPointer?) {
        let text = record.text
        let base = text.baseAddress!
        var start = 0
        if text.first != 0x7B, let mark, let at = mark.baseAddress, at >= base, at + mark.count <= base + text.count {
            start = base.distance(to: at) + mark.count
        }
        let end = memchr(base + start, 0x0A, text.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? text.count
        while start < end, text[start] == 0x20 || text[start] == 0x3A || text[start] == 0x7C || text[start] == 0x5D { start += 1 }
        let length = LineTemplate.make(UnsafeRawBufferPointer(rebasing: text[start..<end]), at: masked)
        let template = UnsafeRawBufferPointer(start: masked, count: length)
        var service: String?
        if let pod = record.pod {
            let name = Array(pod)
            service = services[name] ?? {
                let made = PodIdentity.resolve(path: String(decoding: name, as: UTF8.self), overrides: overrides).service
                services[name] = made
                return made
            }()
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: service!.utf8)
            key.append(0)
            key.append(contentsOf: template)
        }
        let time = record.orderingTimestamp.flatMap { parser.parse($0)?.0 }
        let found = service == nil ? lookUp(template) : key.withUnsafeBytes { lookUp($0) }
        let slot: Int
        switch found {
        case .known(let known):
            slot = known
        case .free(let hash):
            guard templates.count < UnexplainedTemplates.templateLimit else {
                result.recordsLeftOut += 1
                return
            }
            slot = templates.count
            index[hash] = slot
            keys.append(service == nil ? Array(template) : key)
            templates.append(.init(text: String(decoding: template, as: UTF8.self), service: service, count: 0, first: nil, last: nil,
                                   line: record.firstLine, buckets: []))
        }
        templates[slot].count += 1
        guard let time else { return }
        if templates[slot].first.map({ time < $0 }) ?? true { templates[slot].first = time }
        if templates[slot].last.map({ time > $0 }) ?? true { templates[slot].last = time }
        var second = UnexplainedTemplates.bucket(of: time, width: result.bucketSeconds)
        if let b = templates[slot].buckets.lastIndex(where: { $0.second == second }) {
            templates[slot].buckets[b].count += 1
            if time < templates[slot].buckets[b].first { templates[slot].buckets[b].first = time }
            if time > templates[slot].buckets[b].last { templates[slot].buckets[b].last = time }
            return
        }
        if buckets == UnexplainedTemplates.bucketLimit {
            widen()
            second = UnexplainedTemplates.bucket(of: time, width: result.bucketSeconds)
            if let b = templates[slot].buckets.lastIndex(where: { $0.second == second }) {
                templates[slot].buckets[b].count += 1
                if time < templates[slot].buckets[b].first { templates[slot].buckets[b].first = time }
                if time > templates[slot].buckets[b].last { templates[slot].buckets[b].last = time }
                return
            }
        }
        buckets += 1
        templates[slot].buckets.append(.init(second: second, count: 1, first: time, last: time, line: record.firstLine))
    }

    /// Makes the buckets 4 times as wide, merging those that fall into one, until the file's fit in
    /// three quarters of `bucketLimit` (a record then has room for a new one).
    private func widen() {
        repeat {
            result.bucketSeconds *= 4
            buckets = 0
            for t in templates.indices {
                var merged: [UnexplainedTemplates.Bucket] = []
                for bucket in templates[t].buckets {
                    let second = bucket.second.floorDivided(by: result.bucketSeconds).0 * result.bucketSeconds
                    if let m = merged.lastIndex(where: { $0.second == second }) {
                        merged[m].count += bucket.count
                        merged[m].first = min(merged[m].first, bucket.first)
                        merged[m].last = max(merged[m].last, bucket.last)
                        merged[m].line = min(merged[m].line, bucket.line)
                    } else {
                        var moved = bucket
                        moved.second = second
                        merged.append(moved)
                    }
                }
                templates[t].buckets = merged
                buckets += merged.count
            }
        } while buckets > UnexplainedTemplates.bucketLimit * 3 / 4
    }

    private enum Slot {
        case known(Int)
        /// Not there: the hash to file it under.
        case free(UInt64)
    }

    /// The slot of `key`, or the hash a new one takes: the first of its hash, the hash + 1, ... that
    /// holds `key` or nothing.
    @inline(__always)
    private func lookUp(_ key: UnsafeRawBufferPointer) -> Slot {
        var hash = ContentHash(of: key).value
        while let slot = index[hash] {
            let same = keys[slot].withUnsafeBytes { $0.count == key.count && (key.isEmpty || memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0) }
            if same { return .known(slot) }
            hash &+= 1
        }
        return .free(hash)
    }

    /// What the file held: the templates in canonical order, buckets in time order.
    public var collected: UnexplainedTemplates {
        var done = result
        done.templates = templates.map { template in
            var sorted = template
            sorted.buckets.sort { $0.second < $1.second }
            return sorted
        }.sorted { ($0.service ?? "", $0.text) < ($1.service ?? "", $1.text) }
        return done
    }

    /// True for WARN and worse: `WARN`, `WARNING`, `ERROR`, `FATAL`, `CRITICAL` or `SEVERE`, in upper
    /// case or (a JSON value) lower case.
    @inline(__always)
    static func isFailure(_ level: UnsafeRawBufferPointer) -> Bool {
        guard level.count >= 4 && level.count <= 8 else { return false }
        switch level[0] {
        case 0x57, 0x45, 0x46, 0x43, 0x53, 0x77, 0x65, 0x66, 0x63, 0x73: break
        default: return false
        }
        return words.contains { word in word.count == level.count && word.indices.allSatisfy { level[$0] | 0x20 == word[$0] } }
    }

    /// The failure words in lower case.
    private static let words: [[UInt8]] = ["warn", "warning", "error", "fatal", "critical", "severe"].map { Array($0.utf8) }
}
