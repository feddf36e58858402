extension Report {
    /// "Lines no pattern explains" of one incident: per service, the templates of its WARN/ERROR records
    /// that no pattern matched within the incident's window (from `marginSeconds` before its start to
    /// its end), each with its count, first and last T+ and the `file:line` of its first record there.
    public struct UnexplainedLines: Sendable, Codable, Equatable {
        /// How long before the incident's start (its T+0 or first symptom, the earlier) the window opens.
        public static let marginSeconds = 30.0
        /// The most templates listed per service.
        public static let templatesPerService = 10

        /// The window, relative to T+0.
        public var fromOffsetSeconds: Double
        public var toOffsetSeconds: Double
        /// Sorted by service name.
        public var services: [Service]

        /// One service's templates, by count (most first), then by text.
        public struct Service: Sendable, Codable, Equatable {
            public var service: String
            /// Its unexplained WARN/ERROR records in the window, listed or not.
            public var lines: Int
            public var templates: [Template]
            /// Templates past `templatesPerService`, and their records.
            public var templatesLeftOut: Int
            public var linesLeftOut: Int
            /// Records its files could not keep by template (past `UnexplainedTemplates.templateLimit`),
            /// over each file's whole time, in the window or not.
            public var linesNotKept: Int
        }

        /// One template in the window.
        public struct Template: Sendable, Codable, Equatable {
            public var template: String
            public var count: Int
            public var firstOffsetSeconds: Double
            public var lastOffsetSeconds: Double
            /// `file:line` of its first record in the window.
            public var evidence: String
        }

        public init(fromOffsetSeconds: Double = 0, toOffsetSeconds: Double = 0, services: [Service] = []) {
            self.fromOffsetSeconds = fromOffsetSeconds
            self.toOffsetSeconds = toOffsetSeconds
            self.services = services
        }

        /// The section of the incident that starts at `start` (its T+0 or first symptom, the earlier),
        /// ends at `end`, and whose T+0 is `t0`, from the files' templates. A bucket (10 s, unless its
        /// file had to widen them) counts whole when its first to last record overlaps the window, so a
        /// count may take in records up to a bucket's width beyond either edge. Independent of the order
        /// of `files`.
        public static func build(files: [FileSummary], overlaps: [FileOverlap] = [], t0: Timestamp, start: Timestamp, end: Timestamp) -> UnexplainedLines {
            build(UnexplainedLinesIndex(files: files, overlaps: overlaps), t0: t0, start: start, end: end)
        }

        /// The same from the files laid out once for the whole report.
        public static func build(_ index: UnexplainedLinesIndex, t0: Timestamp, start: Timestamp, end: Timestamp) -> UnexplainedLines {
            let from = start.adding(seconds: -marginSeconds)
            struct Sum {
                var count = 0
                var first = Timestamp(nanoseconds: .max), last = Timestamp(nanoseconds: .min)
                var example = (time: Timestamp(nanoseconds: .max), path: "", line: 0)
            }
            var sums: [Int: Sum] = [:]
            var notKept: [String: Int] = [:]
            let fromSecond = from.nanoseconds.floorDivided(by: 1_000_000_000).0
            for file in index.files {
                if file.recordsLeftOut > 0 { notKept[file.service, default: 0] += file.recordsLeftOut }
                // Entries are in time order: the first whose span can reach the window is found by bisection,
                // and the walk ends at the first whose span starts after the window.
                let entries = file.entries
                var low = 0, high = entries.count
                while low < high {
                    let mid = (low + high) / 2
                    if entries[mid].second + file.bucketSeconds <= fromSecond { low = mid + 1 } else { high = mid }
                }
                var b = low
                while b < entries.count && entries[b].second <= end.nanoseconds.floorDivided(by: 1_000_000_000).0 {
                    let bucket = entries[b]
                    b += 1
                    guard bucket.first <= end, bucket.last >= from,
                          !file.keptSpans.contains(where: { $0.0 <= bucket.first && bucket.last <= $0.1 }) else { continue }
                    var total = sums[bucket.key] ?? Sum()
                    total.count += bucket.count
                    total.first = min(total.first, bucket.first)
                    total.last = max(total.last, bucket.last)
                    if (bucket.first, file.path, bucket.line) < (total.example.time, total.example.path, total.example.line) {
                        total.example = (bucket.first, file.path, bucket.line)
                    }
                    sums[bucket.key] = total
                }
            }
            func offset(_ time: Timestamp) -> Double { ReportBuilder.rounded(time.seconds(since: t0)) }
            var byService: [String: [(text: String, sum: Sum)]] = [:]
            for (key, sum) in sums { byService[index.keys[key].service, default: []].append((index.keys[key].text, sum)) }
            let services = byService.keys.sorted().map { service in
                let ranked = byService[service]!.sorted { ($1.sum.count, $0.text) < ($0.sum.count, $1.text) }
                let shown = ranked.prefix(templatesPerService)
                let hidden = ranked.dropFirst(templatesPerService)
                return Service(service: service, lines: ranked.reduce(0) { $0 + $1.sum.count },
                               templates: shown.map { text, sum in
                                   Template(template: text, count: sum.count, firstOffsetSeconds: offset(sum.first),
                                            lastOffsetSeconds: offset(sum.last), evidence: "\(sum.example.path):\(sum.example.line)")
                               },
                               templatesLeftOut: hidden.count, linesLeftOut: hidden.reduce(0) { $0 + $1.sum.count },
                               linesNotKept: notKept[service] ?? 0)
            }
            return UnexplainedLines(fromOffsetSeconds: offset(from), toOffsetSeconds: offset(end), services: services)
        }

        /// The section of `incident`, from the files and copies of the scan, laid out in `index`.
        static func build(_ index: UnexplainedLinesIndex, _ incident: Incident) -> UnexplainedLines {
            build(index, t0: incident.t0, start: min(incident.t0, incident.firstSymptom.time), end: incident.end)
        }

        /// The note under a service's rows on what was left out, or nil when nothing was.
        public static func leftOutNote(_ service: Service) -> String? {
            var parts: [String] = []
            if service.templatesLeftOut > 0 {
                parts.append("\(service.templatesLeftOut) more template\(service.templatesLeftOut == 1 ? "" : "s") (\(service.linesLeftOut) line\(service.linesLeftOut == 1 ? "" : "s")) left out")
            }
            if service.linesNotKept > 0 {
                parts.append("\(service.linesNotKept) line\(service.linesNotKept == 1 ? "" : "s") of templates past \(UnexplainedTemplates.templateLimit) per file not kept (in the window or not)")
            }
            return parts.isEmpty ? nil : service.service + ": " + parts.joined(separator: "; ")
        }

        /// The sentence under the section's heading.
        public var about: String {
            "WARN/ERROR records, and level-less ones among the \(UnexplainedRecords.followingRecords) records after a failure line, that no pattern matched, from \(MarkdownReport.offset(fromOffsetSeconds)) (\(Int(Self.marginSeconds)) s before the incident) to its end, "
                + "with numbers, ids, addresses and quoted values holding digits masked as <*>; at most \(Self.templatesPerService) per service, by count. "
                + "A line here may be an application's own failure, or a library's line, that no pattern knows: patterns/README.md shows how to make it one."
        }
    }
}

extension FileSummary {
    /// The summary without its templates: the report lists them per incident instead.
    public var withoutUnexplained: FileSummary {
        var copy = self
        copy.unexplained = nil
        return copy
    }
}
