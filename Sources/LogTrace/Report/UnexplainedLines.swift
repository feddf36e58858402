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
            let from = start.adding(seconds: -marginSeconds)
            // A copy of another file of its pod (its gzip copy, the CRI copy of a kubectl file, an overlapping
            // rotation) counts only outside the time the kept file spans, as its events are counted once.
            let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            var keptSpans: [String: [(Timestamp, Timestamp)]] = [:]
            for overlap in overlaps {
                guard let kept = byPath[overlap.kept], let first = kept.firstTime, let last = kept.lastTime else { continue }
                keptSpans[overlap.copy, default: []].append((first, last))
            }
            struct Sum {
                var count = 0
                var first = Timestamp(nanoseconds: .max), last = Timestamp(nanoseconds: .min)
                var example = (time: Timestamp(nanoseconds: .max), path: "", line: 0)
            }
            var sums: [String: [String: Sum]] = [:]
            var notKept: [String: Int] = [:]
            for file in files {
                guard let found = file.unexplained else { continue }
                if found.recordsLeftOut > 0 { notKept[file.service, default: 0] += found.recordsLeftOut }
                let spans = keptSpans[file.path] ?? []
                let fromSecond = from.nanoseconds.floorDivided(by: 1_000_000_000).0
                for template in found.templates {
                    // Buckets are in time order: the first that can reach the window is found by bisection.
                    let buckets = template.buckets
                    var low = 0, high = buckets.count
                    while low < high {
                        let mid = (low + high) / 2
                        if buckets[mid].second + found.bucketSeconds <= fromSecond { low = mid + 1 } else { high = mid }
                    }
                    var sum = Sum()
                    var b = low
                    while b < buckets.count && buckets[b].first <= end {
                        let bucket = buckets[b]
                        b += 1
                        guard bucket.last >= from, !spans.contains(where: { $0.0 <= bucket.first && bucket.last <= $0.1 }) else { continue }
                        sum.count += bucket.count
                        sum.first = min(sum.first, bucket.first)
                        sum.last = max(sum.last, bucket.last)
                        if (bucket.first, file.path, bucket.line) < (sum.example.time, sum.example.path, sum.example.line) {
                            sum.example = (bucket.first, file.path, bucket.line)
                        }
                    }
                    guard sum.count > 0 else { continue }
                    let service = template.service ?? file.service
                    var total = sums[service, default: [:]][template.text] ?? Sum()
                    total.count += sum.count
                    total.first = min(total.first, sum.first)
                    total.last = max(total.last, sum.last)
                    if (sum.example.time, sum.example.path, sum.example.line) < (total.example.time, total.example.path, total.example.line) {
                        total.example = sum.example
                    }
                    sums[service, default: [:]][template.text] = total
                }
            }
            func offset(_ time: Timestamp) -> Double { ReportBuilder.rounded(time.seconds(since: t0)) }
            let services = sums.keys.sorted().map { service in
                let ranked = sums[service]!.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
                let shown = ranked.prefix(templatesPerService)
                let hidden = ranked.dropFirst(templatesPerService)
                return Service(service: service, lines: ranked.reduce(0) { $0 + $1.value.count },
                               templates: shown.map { text, sum in
                                   Template(template: text, count: sum.count, firstOffsetSeconds: offset(sum.first),
                                            lastOffsetSeconds: offset(sum.last), evidence: "\(sum.example.path):\(sum.example.line)")
                               },
                               templatesLeftOut: hidden.count, linesLeftOut: hidden.reduce(0) { $0 + $1.value.count },
                               linesNotKept: notKept[service] ?? 0)
            }
            return UnexplainedLines(fromOffsetSeconds: offset(from), toOffsetSeconds: offset(end), services: services)
        }

        /// The section of `incident`, from the files and copies of `scan`.
        static func build(_ scan: ScanResult, _ incident: Incident) -> UnexplainedLines {
            build(files: scan.files, overlaps: scan.overlaps, t0: incident.t0, start: min(incident.t0, incident.firstSymptom.time), end: incident.end)
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
                + "A line here is an application's own failure no pattern knows: patterns/README.md shows how to make it one."
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
