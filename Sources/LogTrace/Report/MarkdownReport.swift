/// Renders a `Report` as Markdown for a postmortem: summary, then per incident a timeline, the impact
/// per service, lost and delayed messages; then isolated warnings and what was read.
public enum MarkdownReport {
    public static func render(_ report: Report) -> String {
        var text = ""
        render(report) { text += $0 }
        return text
    }

    /// Renders `report` block by block into `write`, so that a long report is never held whole.
    public static func render(_ report: Report, into write: @escaping (String) -> Void) {
        var md = MarkdownDocument(write: write, refs: FileRefs(report.inputs.files))
        let refs = md.refs
        md.heading(1, "Kafka outage report")
        md.paragraph("Reconstructed by logtrace from \(report.inputs.totals.files) log file\(report.inputs.totals.files == 1 ? "" : "s"). "
                     + "Times are UTC; T+ offsets count from each incident's T+0. Evidence is `F<n>:line`, a line of file F<n> "
                     + "of the Input table at the end (decompressed; the JSON report gives the full path).")
        renderSummary(report, &md)
        for incident in report.incidents { renderIncident(incident, &md) }
        if !report.isolated.isEmpty {
            md.heading(2, "Isolated warnings")
            md.paragraph("Failure lines too few and too far from any incident to be one (fewer than \(IncidentBuilder.defaultMinimumFailures), one service, no loss, no broker shutdown).")
            md.table(["Time (UTC)", "Service", "What happened", "Evidence"], report.isolated.map {
                [$0.time, text($0.service), text($0.what), refs.code($0.evidence)]
            })
        }
        if !report.untimed.isEmpty {
            md.heading(2, "Events without a timestamp")
            md.paragraph("\(report.untimed.count) event\(report.untimed.count == 1 ? "" : "s") came from lines with no timestamp and none before them in their file, so they are on no timeline.")
            md.table(["Service", "What happened", "Evidence"], report.untimed.prefix(50).map {
                [text($0.service), text($0.what), refs.code($0.evidence)]
            })
        }
        let offsets = report.clockOffsets.filter { $0.verdict != "same clock" }
        if !offsets.isEmpty {
            md.heading(2, "Clocks")
            md.paragraph("The timeline uses the runtime's timestamps (kubectl, CRI) where a line has one. These pods' own timestamps stand apart from them, so rows of theirs within that much of another pod's can be in either order:")
            md.table(["Service", "Pod", "Application minus runtime", "Spread (10th-90th)", "Events", "What it is"], offsets.map {
                [text($0.service), text($0.pod), seconds($0.medianSeconds), seconds($0.spreadSeconds), "\($0.samples)", $0.verdict]
            }, alignRight: [2, 3, 4])
        }
        if !report.stoppedPods.isEmpty {
            md.heading(2, "Pods that stopped logging")
            md.paragraph("These pods' logs end at least \(Int(Report.StoppedPod.minimumSeconds)) s before the archive's last line: a pod that crashed, was deleted or was replaced.")
            md.table(["Service", "Pod", "Last line (UTC)", "Before the archive's end", "Replaced by", "Evidence"], report.stoppedPods.map {
                [text($0.service), text($0.pod), timeOfDay($0.lastTime), seconds($0.secondsBeforeEnd), $0.replacedBy.map(text) ?? "-", refs.code($0.evidence)]
            }, alignRight: [3])
        }
        renderInputs(report, &md)
        renderEventsByKind(report, &md)
    }

    static func renderSummary(_ report: Report, _ md: inout MarkdownDocument) {
        let s = report.summary
        if !report.incidents.isEmpty {
            md.heading(2, "What happened")
            for incident in report.incidents {
                md.paragraph((report.incidents.count > 1 ? "**Incident \(incident.number).** " : "")
                             + IncidentNarrative.sentences(incident) { md.refs.ref(evidence: $0) }.map(text).joined(separator: " "))
            }
        }
        md.heading(2, "Summary")
        var rows: [[String]] = []
        if let start = s.windowStart, let end = s.windowEnd, let duration = s.durationSeconds {
            rows.append(["Window", "\(start) to \(end) (\(seconds(duration)): from the first event of the first incident to the last of the last)"])
        } else {
            rows.append(["Window", "no incident found"])
        }
        rows.append(["Incidents", "\(s.incidents)"])
        rows.append(["Services hit", s.servicesHit.isEmpty ? "none" : s.servicesHit.map(text).joined(separator: ", ")])
        var how = "\(s.lostBatches) expired batch\(s.lostBatches == 1 ? "" : "es")"
        if s.failedSendsWithoutCount > 0 { how += ", \(s.failedSendsWithoutCount) failed send\(s.failedSendsWithoutCount == 1 ? "" : "s") without a count" }
        rows.append(["Lost messages", lossInterval(confirmed: s.lostRecords, upper: s.lostRecordsUpperBound, unknownFor: s.lostUnknownFor,
                                                   unsized: s.possiblyLostUnknownSize) + " (\(how))"])
        // A consumer whose lines name no client id is named by its service alone.
        let delayed = report.incidents.flatMap(\.delayed).map { "\(text($0.service))\($0.client.isEmpty ? "" : " (" + text($0.client) + ")") \(seconds($0.seconds))" }
        rows.append(["Delayed (consumers cut off)", delayed.isEmpty ? "none" : delayed.joined(separator: ", ")])
        var input = s.partialFiles.isEmpty ? "all \(report.inputs.totals.files) files read in full"
            : "\(s.partialFiles.count) file\(s.partialFiles.count == 1 ? "" : "s") read only in part: " + s.partialFiles.map(MarkdownText.code).joined(separator: ", ")
        let copies = report.inputs.totals.duplicateEvents
        if copies > 0 {
            let files = Set(report.inputs.overlaps.map(\.copy)).count
            input += "; \(files) file\(files == 1 ? " holds" : "s hold") copies of another file's records: \(copies) event\(copies == 1 ? "" : "s") counted once (see **Overlapping copies**)"
        }
        rows.append(["Input", input])
        if let missing = s.missingShards, !missing.isEmpty {
            rows.append(["Missing shards", "**\(missing.joined(separator: ", "))**: their files are not in this report"])
        }
        if let window = s.timeWindow { rows.append(["Time window", text(window.sentence)]) }
        md.table(["Question", "Answer from the logs"], rows.map { ["**\($0[0])**", $0[1]] })
        guard !report.recommendations.isEmpty else { return }
        md.heading(2, "What to fix")
        md.paragraph("From the evidence in these logs only; each item cites the lines it comes from.")
        let refs = md.refs
        md.list(report.recommendations.map { item in
            "**\(text(item.what))** \(text(item.why)) " + item.evidence.map(refs.code).joined(separator: " ")
        })
    }

    /// A loss as an interval that holds the truth: `8 records` when the bounds meet, `at least 8, at
    /// most 12 records`, or `at least 8 records; unknown for SERVICE (why)`. Never an exact count the
    /// logs cannot prove. Names and reasons pass through `escape` (Markdown's by default).
    static func lossInterval(confirmed: Int, upper: Report.Bound, unknownFor: [Report.UnknownLoss], unsized: Int,
                             escape: (String) -> String = text) -> String {
        let records = { (n: Int) in "\(n) record\(n == 1 ? "" : "s")" }
        guard let upper = upper.value else {
            // Services with the same reason share it: "unknown for a, b (why)".
            var reasons: [String] = []
            var services: [String: [String]] = [:]
            for entry in unknownFor {
                if services[entry.reason] == nil { reasons.append(entry.reason) }
                services[entry.reason, default: []].append(escape(entry.service))
            }
            var why = reasons.isEmpty ? [] : ["unknown for " + reasons.map { "\(services[$0]!.joined(separator: ", ")) (\(escape($0)))" }.joined(separator: ", ")]
            if unsized > 0 { why.append("at most unknown: \(unsized) unsettled item\(unsized == 1 ? "" : "s") of unknown size") }
            return "at least \(records(confirmed)); " + why.joined(separator: "; ")
        }
        return upper == confirmed ? records(confirmed) : "at least \(confirmed), at most \(records(upper))"
    }

    static func renderIncident(_ incident: Report.IncidentSection, _ md: inout MarkdownDocument) {
        let refs = md.refs
        md.heading(2, "Incident \(incident.number): \(incident.t0)")
        md.list(IncidentFacts.sentences(incident, escape: text, cite: refs.code))
        let lost = incident.lost

        md.heading(3, "Phases")
        md.table(["Phase", "T+", "Time (UTC)", "How it was established", "Evidence"], incident.phases.map { row in
            [text(row.phase), row.offsetSeconds.map(offset) ?? "-", row.time.map(timeOfDay) ?? "-", text(row.basis), row.evidence.map(refs.code) ?? "-"]
        }, alignRight: [1])
        md.code("mermaid", gantt(incident))

        if let scenario = incident.scenario { renderScenario(scenario, &md) }

        md.heading(3, "Timeline")
        md.table(["T+", "Time (UTC)", "Service", "Pod", "What happened", "Evidence"], incident.timeline.lazy.map { row in
            var what = text(row.what)
            if row.count > 1, let until = row.untilOffsetSeconds {
                // "until T+5 s" on a row at T+5 s says nothing.
                what += offset(until) == offset(row.offsetSeconds) ? " ×\(row.count)" : " ×\(row.count), until \(offset(until))"
            }
            return [offset(row.offsetSeconds), timeOfDay(row.time), text(row.service), text(row.pod), what, refs.code(row.evidence)]
        }, alignRight: [0])

        md.heading(3, "Impact per service")
        md.paragraph("A service's impact lasts from its first failure to its recovery; the incident's total impact from its first symptom to the last service's recovery.")
        md.table(["Service", "Role", "First failure", "Last failure", "Recovered", "Recovery from", "Impact", "Failure lines", "Lost records"],
                 incident.services.map { row in
            [text(row.service), row.roles.isEmpty ? "-" : text(row.roles.joined(separator: ", ").lowercased()),
             "\(offset(row.firstFailure.offsetSeconds ?? 0)) \(refs.code(row.firstFailure.evidence))",
             "\(offset(row.lastFailure.offsetSeconds ?? 0)) \(refs.code(row.lastFailure.evidence))",
             "\(offset(row.recovered.offsetSeconds ?? 0)) \(refs.code(row.recovered.evidence))",
             text(row.recoveryBasis), seconds(row.impactSeconds), "\(row.failures)", "\(row.lostRecords)"]
        }, alignRight: [6, 7, 8])
        md.table(["Service", "Client", "Role", "First failure", "Recovered", "Recovery from", "Impact", "Failure lines"],
                 incident.services.flatMap { service in service.clientRows.map { row in
            [text(service.service), text(row.client), text(row.role.isEmpty ? "-" : row.role.lowercased()),
             "\(offset(row.firstFailure.offsetSeconds ?? 0)) \(refs.code(row.firstFailure.evidence))",
             "\(offset(row.recovered.offsetSeconds ?? 0)) \(refs.code(row.recovered.evidence))",
             text(row.recoveryBasis), seconds(row.impactSeconds), "\(row.failures)"]
        } }, alignRight: [6, 7])

        md.heading(3, "Lost messages")
        if lost.items.isEmpty {
            md.paragraph("No producer reported an expired batch, a failed send or an unsettled retry.")
        } else {
            md.paragraph("\(lost.records) record\(lost.records == 1 ? "" : "s") confirmed lost (\(lost.batches) expired batch\(lost.batches == 1 ? "" : "es"), \(lost.failedSendsWithoutCount) failed send\(lost.failedSendsWithoutCount == 1 ? "" : "s") without a count), reported by \(lost.reportingLines) log record\(lost.reportingLines == 1 ? "" : "s"); lost in all: "
                         + lossInterval(confirmed: lost.records, upper: lost.upperBound, unknownFor: lost.unknownFor, unsized: lost.possibleUnknownSize)
                         + "; \(lost.retriedNotLost) failed send\(lost.retriedNotLost == 1 ? "" : "s") retried successfully.")
            md.table(["Service", "Topic-partition", "Batches", "Confirmed lost", "Possibly lost", "Unknown size", "Retried, not lost", "Log records reporting", "Evidence"],
                     lost.rows.map { row in
                [text(row.service), text(row.topicPartition), "\(row.batches)", "\(row.records)", "\(row.possibleRecords)", "\(row.possibleUnknownSize)",
                 "\(row.retried)", "\(row.reportingLines)", row.evidence.map(refs.code).joined(separator: " ")]
            }, alignRight: [2, 3, 4, 5, 6, 7])
            md.table(["T+", "Service", "Topic-partition", "Records", "Verdict", "Why", "Lines", "Evidence"], lost.items.lazy.map { item in
                [offset(item.offsetSeconds), text(item.service), text(item.topicPartition), item.records.map(String.init) ?? "?", text(item.verdict),
                 text(item.reason), "\(item.reportingLines)", item.evidence.prefix(4).map(refs.code).joined(separator: " ") + (item.evidence.count > 4 ? " …" : "")]
            }, alignRight: [0, 3, 6])
        }
        md.paragraph("How the numbers were obtained:")
        md.list(lost.rules)

        md.heading(3, "Delayed messages (consumers cut off)")
        if incident.delayed.isEmpty {
            md.paragraph("No consumer lost its connection or group coordinator.")
        } else {
            md.table(["Service", "Client", "Groups", "Cut off at", "Back at", "Cut off for", "Back from", "Messages behind"], incident.delayed.map { row in
                [text(row.service), text(row.client.isEmpty ? "-" : row.client), row.groups.isEmpty ? "-" : text(row.groups.joined(separator: ", ")),
                 "\(offset(row.from.offsetSeconds ?? 0)) \(refs.code(row.from.evidence))",
                 "\(offset(row.until.offsetSeconds ?? 0)) \(refs.code(row.until.evidence))",
                 seconds(row.seconds), text(row.basis),
                 (row.messagesBehindAtLeast.map { "at least \($0): " } ?? "") + text(row.messagesBehindBasis)]
            }, alignRight: [5])
        }
        if !incident.offsets.isEmpty {
            md.paragraph("Consumer offsets before the incident and after recovery, where the log shows them:")
            md.table(["Service", "Group", "Topic-partition", "Before", "After", "Evidence"], incident.offsets.map { row in
                [text(row.service), text(row.group ?? "-"), text(row.topicPartition), row.before ?? "-", row.after ?? "-",
                 [row.beforeEvidence, row.afterEvidence].compactMap { $0 }.map(refs.code).joined(separator: " ")]
            }, alignRight: [3, 4])
        }
        if !incident.blindSpots.isEmpty {
            md.heading(3, "What these logs cannot tell")
            md.list(incident.blindSpots.map { spot in
                text(spot.what) + " (" + spot.files.map(MarkdownText.code).joined(separator: ", ") + ")"
            })
        }
        renderUnexplained(incident.unexplainedLines, &md)
    }

    /// "Lines no pattern explains": one table over the services, each service's templates by count.
    static func renderUnexplained(_ section: Report.UnexplainedLines, _ md: inout MarkdownDocument) {
        guard !section.services.isEmpty else { return }
        let refs = md.refs
        md.heading(3, "Lines no pattern explains")
        md.paragraph(MarkdownText.escape(section.about, limit: 2000))
        md.table(["Service", "Count", "First", "Last", "Template", "Example"], section.services.flatMap { service in
            service.templates.map { row in
                [text(service.service), "\(row.count)", offset(row.firstOffsetSeconds), offset(row.lastOffsetSeconds),
                 MarkdownText.code(row.template), refs.code(row.evidence)]
            }
        }, alignRight: [1, 2, 3])
        let notes = section.services.compactMap(Report.UnexplainedLines.leftOutNote)
        if !notes.isEmpty { md.list(notes.map(text)) }
    }



    /// The appendix: each incident's events counted by kind, for a reader checking what was matched.
    static func renderEventsByKind(_ report: Report, _ md: inout MarkdownDocument) {
        guard !report.incidents.isEmpty else { return }
        md.heading(2, "Appendix: events by kind")
        for incident in report.incidents {
            md.heading(3, "Incident \(incident.number): events by kind")
            md.table(["Kind", "Events"], incident.eventsByKind.sorted { $0.key < $1.key }.map { [MarkdownText.code($0.key), "\($0.value)"] },
                     alignRight: [1])
        }
    }

    static func renderScenario(_ scenario: Report.ScenarioSection, _ md: inout MarkdownDocument) {
        let refs = md.refs
        md.heading(3, "Expected vs observed: \(text(scenario.name))")
        md.table(["Milestone", "Expected", "Observed", "Difference", "What was seen", "Evidence"], scenario.milestones.map { row in
            [text(row.milestone), offset(row.expectedOffsetSeconds), row.observedOffsetSeconds.map(offset) ?? "not observed",
             row.differenceSeconds.map { ($0 >= 0 ? "+" : "-") + seconds(abs($0)) } ?? "-", text(row.observed),
             row.evidence.map(refs.code) ?? "-"]
        }, alignRight: [1, 2, 3])
        if !scenario.checks.isEmpty {
            md.table(["Steady-state check", "Verdict", "Detail"], scenario.checks.map { [text($0.check), "**\(text($0.verdict))**", text($0.detail)] })
        }
        if !scenario.alerts.isEmpty {
            md.paragraph("Alerts by the observed timeline; a real alert fires up to one scrape and evaluation interval later.")
            md.table(["Alert", "Rule", "Stands for", "Verdict", "Fires", "Resolves", "Detail", "Evidence"], scenario.alerts.map { row in
                [text(row.alert), row.expression.map(MarkdownText.code) ?? "-", text(row.condition) + ", for: " + seconds(row.forSeconds),
                 "**\(text(row.verdict))**", row.firesOffsetSeconds.map(offset) ?? "-", row.resolvedOffsetSeconds.map(offset) ?? "-",
                 text(row.detail), row.evidence.isEmpty ? "-" : row.evidence.map(refs.code).joined(separator: ", ")]
            }, alignRight: [4, 5])
        }
    }

    /// A Mermaid gantt chart of each service's impact window (and the broker's outage) on an axis in
    /// seconds after T+0 that no viewer's time zone shifts: times go in as milliseconds since the epoch
    /// (`dateFormat x`), T+0 being the epoch; ticks come at multiples of a step counted from the epoch
    /// (`tickInterval` in milliseconds, which d3 counts in epoch time, not local time) and print as
    /// seconds since the epoch (`axisFormat %s`), a plain number. Names pass through `ganttName`.
    static func gantt(_ incident: Report.IncidentSection) -> String {
        func ms(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }
        var bars: [(section: String, task: String, start: Double, end: Double)] = []
        if let downAt = incident.brokerDown?.offsetSeconds ?? incident.phases.first?.offsetSeconds {
            let backAt = incident.durations.timeToBrokerBackSeconds ?? incident.durations.timeToFullRecoverySeconds
            bars.append(("broker", incident.brokerBackInferred || incident.brokerDown == nil ? "down (inferred) :crit, " : "down :crit, ", downAt, max(backAt, downAt + 0.001)))
        }
        for (i, row) in incident.services.enumerated() {
            let start = row.firstFailure.offsetSeconds ?? 0
            bars.append((ganttName(row.service), "impact :s\(i), ", start, max(row.recovered.offsetSeconds ?? start, start + 0.001)))
        }
        let span = (bars.map(\.end).max() ?? 1) - min(0, bars.map(\.start).min() ?? 0)
        var lines = ["gantt", "    title Incident \(incident.number): impact windows, axis in seconds after T+0", "    dateFormat x", "    axisFormat %s",
                     "    tickInterval \(ms(SwimlaneChart.tickStep(span: max(span, 1))))millisecond", "    todayMarker off"]
        for bar in bars {
            lines += ["    section \(bar.section)", "    \(bar.task)\(ms(bar.start)), \(ms(bar.end))"]
        }
        return lines.joined(separator: "\n")
    }

    /// A name as a gantt section: one line, none of the characters Mermaid's gantt grammar reads (`:` `;`
    /// `#` `%`, `<br>`, braces, backticks) nor any control or line-separator character, at most 60
    /// characters, never empty.
    static func ganttName(_ name: String) -> String {
        var out = ""
        var space = false
        for scalar in name.unicodeScalars {
            let blank = ":;#%<>{}`\\".unicodeScalars.contains(scalar) || scalar.properties.isWhitespace
                || scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.properties.generalCategory == .format
            if blank {
                space = !out.isEmpty
            } else {
                if space { out += " " }
                space = false
                out.unicodeScalars.append(scalar)
            }
        }
        if out.count > 60 { out = String(out.prefix(59)) + "…" }
        return out.isEmpty ? "(no name)" : out
    }

    static func renderInputs(_ report: Report, _ md: inout MarkdownDocument) {
        let refs = md.refs
        md.heading(2, "Input")
        let t = report.inputs.totals
        md.paragraph("\(t.files) files, \(t.storedBytes) bytes stored, \(t.textBytes) bytes of text, \(t.lines) lines, \(t.records) records read, \(t.events) events"
                     + (t.duplicateEvents > 0 ? " (\(t.duplicateEvents) of them copies, counted once)" : "") + "; "
                     + "\(t.recordsWithoutTimestamp) records without a timestamp, \(t.linesWithoutEnvelope) lines without the file's envelope, "
                     + "\(t.overlongLines) overlong lines cut, \(t.truncatedRecords) records truncated, \(t.timestampsBackwards) records earlier than the one before, \(t.matchLimitHits) pattern runs stopped at PCRE2's limits. "
                     + (t.skimmedFiles > 0 ? "In \(t.skimmedFiles) of the files only the records holding a pattern's literal were read, so the record counts cover those (`--read-all-records` reads every record). " : "")
                     + "Patterns: \(report.patterns.entries) entries from \(report.patterns.files.map(text).joined(separator: ", ")).")
        md.table(["Ref", "File", "Service", "Pod", "Format", "Stored bytes", "Lines", "Records read", "Events", "No timestamp", "First time", "Last time", "Status"],
                 report.inputs.files.lazy.map { f in
            var format = [f.compression?.rawValue == "gzip" ? "gzip" : nil, f.envelope.map { $0 == .none ? "no envelope" : $0.rawValue }, f.layout?.rawValue]
                .compactMap { $0 }.joined(separator: ", ")
            if format.isEmpty { format = "-" }
            var status = f.error.map { "**partial**: " + text($0.description) } ?? "read in full"
            if !f.warnings.isEmpty { status += "; " + f.warnings.map(text).joined(separator: "; ") }
            if !f.matchLimitHits.isEmpty {
                status += "; PCRE2 limit hit: " + f.matchLimitHits.sorted { $0.key < $1.key }.map { "\(text($0.key)) ×\($0.value)" }.joined(separator: ", ")
            }
            if f.overlongLines > 0 { status += "; \(f.overlongLines) overlong lines cut" }
            if f.truncatedRecords > 0 { status += "; \(f.truncatedRecords) records truncated" }
            if f.timestampsBackwards > 0 { status += "; time went backwards \(f.timestampsBackwards) times" }
            return [refs.ref(ofPath: f.path) ?? "-", MarkdownText.code(f.path), text(f.service), text(f.pod), format, "\(f.storedBytes)", "\(f.lines)", "\(f.records)", "\(f.events)",
                    "\(f.recordsWithoutTimestamp)", f.firstTime?.iso8601 ?? "-", f.lastTime?.iso8601 ?? "-", status]
        }, alignRight: [5, 6, 7, 8, 9])
        let overlaps = report.inputs.overlaps
        guard !overlaps.isEmpty else { return }
        md.heading(3, "Overlapping copies")
        md.paragraph("These files of one pod hold the same records (a file and its gzip copy, the kubectl and CRI copies, rotated files that overlap), "
                     + "told by the pod, the runtime's timestamp and the record's text. Each record is counted once, from the file first by path; "
                     + "\(t.duplicateEvents) of the \(t.events) events read were copies.")
        md.table(["Kept from", "Copy", "Events counted once", "First", "Last"], overlaps.map {
            [MarkdownText.code($0.kept), MarkdownText.code($0.copy), "\($0.events)", $0.firstTime.iso8601, $0.lastTime.iso8601]
        }, alignRight: [2])
    }

    static func text(_ s: String) -> String { MarkdownText.escape(s) }

    /// `T+5.1 s`, `T-0.4 s`.
    static func offset(_ seconds: Double) -> String {
        (seconds < 0 ? "T-" : "T+") + abs(seconds).oneDecimal + " s"
    }

    /// A duration as people say it: `55.6 s`, `4 min 12 s`, `1 h 12 min`.
    static func seconds(_ value: Double) -> String {
        guard abs(value) >= 120 else { return value.oneDecimal + " s" }
        if value < 0 { return "-" + seconds(-value) }
        let whole = Int(value.rounded())
        if whole < 3600 { return "\(whole / 60) min" + (whole % 60 == 0 ? "" : " \(whole % 60) s") }
        return "\(whole / 3600) h" + (whole % 3600 / 60 == 0 ? "" : " \(whole % 3600 / 60) min")
    }

    static func timeOfDay(_ iso: String) -> String {
        // 2026-11-24T10:00:05.123Z -> 10:00:05.123
        guard iso.count >= 20 else { return iso }
        return String(iso.dropFirst(11).dropLast())
    }
}

/// Writes Markdown blocks with the blank lines between them.
struct MarkdownDocument {
    let write: (String) -> Void
    /// The `F<n>` names evidence is cited by.
    let refs: FileRefs
    private var started = false
    private var continuing = false

    init(write: @escaping (String) -> Void, refs: FileRefs = FileRefs([])) {
        self.write = write
        self.refs = refs
    }

    mutating func heading(_ level: Int, _ title: String) {
        block(String(repeating: "#", count: level) + " " + title)
    }

    mutating func paragraph(_ body: String) { block(body) }

    mutating func code(_ language: String, _ body: String) {
        block("```" + language + "\n" + body + "\n```")
    }

    mutating func list(_ items: [String]) {
        // Written in pieces of about 64 KiB, as a table is: a long list is never held whole twice.
        var piece = ""
        for (n, item) in items.enumerated() {
            piece += (n > 0 ? "\n- " : "- ") + item
            if piece.utf8.count >= 1 << 16 {
                block(piece, ends: false)
                piece = ""
            }
        }
        block(piece)
    }

    /// A GFM table; cells must already be escaped. Every row gets exactly `header.count` cells.
    /// Long tables are written in pieces of about 64 KiB, never held whole.
    mutating func table(_ header: [String], _ rows: some Sequence<[String]>, alignRight: Set<Int> = []) {
        // Built as bytes: appending a String to a String cost some 360 instructions a cell.
        var piece: [UInt8] = []
        piece.reserveCapacity(1 << 16 + 4096)
        piece.append(contentsOf: ("| " + header.joined(separator: " | ") + " |\n").utf8)
        piece.append(contentsOf: ("|" + header.indices.map { alignRight.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|").utf8)
        for row in rows {
            piece.append(0x0A)
            piece.append(0x7C)
            for i in 0..<header.count {
                piece.append(0x20)
                if i < row.count && !row[i].isEmpty { piece.append(contentsOf: row[i].utf8) } else { piece.append(0x20) }
                piece.append(0x20)
                piece.append(0x7C)
            }
            if piece.count >= 1 << 16 {
                block(String(decoding: piece, as: UTF8.self), ends: false)
                piece.removeAll(keepingCapacity: true)
            }
        }
        block(String(decoding: piece, as: UTF8.self))
    }

    /// Writes `body` as the next block, or (with `ends` false) as the first part of a block whose
    /// next part follows directly.
    private mutating func block(_ body: String, ends: Bool = true) {
        write((started && !continuing ? "\n" : "") + body + (ends ? "\n" : ""))
        started = true
        continuing = !ends
    }
}
