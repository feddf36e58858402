/// The files' unexplained-line templates laid out for one report: each file's buckets of every template
/// in one array in time order, and each (service, text) numbered once, so that an incident's section
/// (`Report.UnexplainedLines`) touches only the buckets inside its window, not every template of every
/// file (a report of 184 incidents over 8 files spent 4 % of the run there).
public struct UnexplainedLinesIndex: Sendable {
    /// One bucket of one template of one file.
    struct Entry: Sendable {
        var second: Int64
        var first: Timestamp
        var last: Timestamp
        var count: Int
        var line: Int
        /// Into `keys`.
        var key: Int
    }

    /// One file with templates.
    struct File: Sendable {
        var path: String
        var service: String
        var bucketSeconds: Int64
        /// Sorted by `second`, then `key`, then `line`.
        var entries: [Entry]
        /// Records of templates past its limit, over its whole time.
        var recordsLeftOut: Int
        /// The spans of the files it is a copy of: its buckets wholly inside one count for those files.
        var keptSpans: [(Timestamp, Timestamp)]
    }

    /// Each distinct (service, template text), in the order first met; `File.entries` point into it.
    let keys: [(service: String, text: String)]
    let files: [File]

    /// Lays out `files`, whose copies (`overlaps`) count only outside the span of the file they copy.
    public init(files: [FileSummary], overlaps: [FileOverlap] = []) {
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var keptSpans: [String: [(Timestamp, Timestamp)]] = [:]
        for overlap in overlaps {
            guard let kept = byPath[overlap.kept], let first = kept.firstTime, let last = kept.lastTime else { continue }
            keptSpans[overlap.copy, default: []].append((first, last))
        }
        var numbered: [String: [String: Int]] = [:]
        var keys: [(service: String, text: String)] = []
        var laidOut: [File] = []
        for file in files {
            guard let found = file.unexplained else { continue }
            var entries: [Entry] = []
            for template in found.templates {
                let service = template.service ?? file.service
                let key = numbered[service, default: [:]][template.text] ?? {
                    keys.append((service, template.text))
                    numbered[service, default: [:]][template.text] = keys.count - 1
                    return keys.count - 1
                }()
                for bucket in template.buckets {
                    entries.append(Entry(second: bucket.second, first: bucket.first, last: bucket.last, count: bucket.count, line: bucket.line, key: key))
                }
            }
            entries.sort { ($0.second, $0.key, $0.line) < ($1.second, $1.key, $1.line) }
            laidOut.append(File(path: file.path, service: file.service, bucketSeconds: found.bucketSeconds, entries: entries,
                                recordsLeftOut: found.recordsLeftOut, keptSpans: keptSpans[file.path] ?? []))
        }
        self.keys = keys
        self.files = laidOut
    }
}
