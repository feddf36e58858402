/// Gathers one file's `UnexplainedTemplates` during the scan: each record at WARN or worse that no
/// pattern matched is masked (`LineTemplate`, its first line from after the level word) and counted.
/// `markers` are the level words the block-wide literal search looks for besides the pattern literals,
/// so that `RecordSkipper` hands such records over even when they hold no pattern literal.
public final class UnexplainedRecords {
    /// The level words as `isFailure` takes them, as they appear in log text: upper case (Spring Boot,
    /// log4j, Python, JSON), JSON values in lower case (zap, KafkaJS), librdkafka's `%3|` and `%4|`.
    /// Every failure record holds one, so skipping records changes nothing gathered here.
    public static let markers: [[UInt8]] = ["WARN", "ERR", "FATAL", "SEVERE", "CRIT", "\"warn", "\"err", "\"fatal\"", "\"crit",
                                            "%3|", "%4|"].map { Array($0.utf8) }

    private let parser: TimestampParser
    private let overrides: [ServiceOverride]
    private var index: [[UInt8]: Int] = [:]
    private var templates: [UnexplainedTemplates.Template] = []
    private var result = UnexplainedTemplates()
    private var buckets = 0
    private var key: [UInt8] = []
    private var masked: [UInt8] = []
    /// stern: the services of the pods lines named, by pod.
    private var services: [[UInt8]: String] = [:]

    public init(parser: TimestampParser, overrides: [ServiceOverride]) {
        self.parser = parser
        self.overrides = overrides
    }

    /// Counts `record`, which matched no pattern, when its level is WARN or worse (`isFailure`).
    @inline(__always)
    public func note(_ record: RecordView) {
        guard let level = record.level, Self.isFailure(level, in: record.text) else { return }
        add(record, level: level)
    }

    private func add(_ record: RecordView, level: UnsafeRawBufferPointer) {
        let text = record.text
        let base = text.baseAddress!
        var start = 0
        if text.first != 0x7B, let at = level.baseAddress, at >= base, at + level.count <= base + text.count {
            start = base.distance(to: at) + level.count
        }
        var end = start
        while end < text.count && text[end] != 0x0A { end += 1 }
        while start < end, text[start] == 0x20 || text[start] == 0x3A || text[start] == 0x7C || text[start] == 0x5D { start += 1 }
        LineTemplate.make(UnsafeRawBufferPointer(rebasing: text[start..<end]), into: &masked)
        var service: String?
        key.removeAll(keepingCapacity: true)
        if let pod = record.pod {
            let name = Array(pod)
            service = services[name] ?? {
                let made = PodIdentity.resolve(path: String(decoding: name, as: UTF8.self), overrides: overrides).service
                services[name] = made
                return made
            }()
            key.append(contentsOf: service!.utf8)
            key.append(0)
        }
        key.append(contentsOf: masked)
        let time = record.orderingTimestamp.flatMap { parser.parse($0)?.0 }
        let slot: Int
        if let known = index[key] {
            slot = known
        } else {
            guard templates.count < UnexplainedTemplates.templateLimit else {
                result.recordsLeftOut += 1
                return
            }
            slot = templates.count
            index[key] = slot
            templates.append(.init(text: String(decoding: masked, as: UTF8.self), service: service, count: 0, first: nil, last: nil,
                                   line: record.firstLine, buckets: [], recordsNotBucketed: 0))
        }
        templates[slot].count += 1
        guard let time else { return }
        if templates[slot].first.map({ time < $0 }) ?? true { templates[slot].first = time }
        if templates[slot].last.map({ time > $0 }) ?? true { templates[slot].last = time }
        let second = UnexplainedTemplates.bucket(of: time)
        if let b = templates[slot].buckets.lastIndex(where: { $0.second == second }) {
            templates[slot].buckets[b].count += 1
            if time < templates[slot].buckets[b].first { templates[slot].buckets[b].first = time }
            if time > templates[slot].buckets[b].last { templates[slot].buckets[b].last = time }
        } else if buckets < UnexplainedTemplates.bucketLimit {
            buckets += 1
            templates[slot].buckets.append(.init(second: second, count: 1, first: time, last: time, line: record.firstLine))
        } else {
            templates[slot].recordsNotBucketed += 1
        }
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

    /// True for WARN and worse: `WARN`, `WARNING`, `ERR`, `ERROR`, `FATAL`, `CRIT`, `CRITICAL` or
    /// `SEVERE` in upper case, the same but `SEVERE` in lower case (a JSON value), or librdkafka's
    /// syslog level 3 or 4 (`%3|`): exactly the levels `markers` find.
    @inline(__always)
    static func isFailure(_ level: UnsafeRawBufferPointer, in text: UnsafeRawBufferPointer) -> Bool {
        guard let first = level.first else { return false }
        if level.count == 1 { return (first == 0x33 || first == 0x34) && text.first == 0x25 }
        switch first {
        case 0x57, 0x45, 0x46, 0x43, 0x53: return upper.contains(String(decoding: level, as: UTF8.self))
        case 0x77, 0x65, 0x66, 0x63: return lower.contains(String(decoding: level, as: UTF8.self))
        default: return false
        }
    }

    private static let upper: Set<String> = ["WARN", "WARNING", "ERR", "ERROR", "FATAL", "CRIT", "CRITICAL", "SEVERE"]
    private static let lower: Set<String> = ["warn", "warning", "err", "error", "fatal", "crit", "critical"]
}
