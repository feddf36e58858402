/// Renders a `Report` as one self-contained HTML page (no script, no network, print styles): the same
/// content as the Markdown report, and per incident an inline SVG swimlane chart (`SwimlaneChart`).
/// The markup is well-formed XHTML as well, so that XML tools read it.
public enum HTMLReport {
    public static func render(_ report: Report) -> String {
        var text = ""
        render(report) { text += $0 }
        return text
    }

    /// Renders `report` piece by piece into `write`, so that a long report is never held whole.
    public static func render(_ report: Report, into write: @escaping (String) -> Void) {
        var doc = HTMLDocument(write: write, refs: FileRefs(report.inputs.files))
        doc.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"logtrace\"/>\n"
                + "<title>Kafka outage report</title>\n<style>\n" + style + "</style>\n</head>\n<body>\n")
        doc.heading(1, "Kafka outage report")
        let files = report.inputs.totals.files
        doc.paragraph(html: "Reconstructed by logtrace from \(files) log file\(files == 1 ? "" : "s"). Times are UTC; T+ offsets count from each incident's T+0. "
                      + "Evidence is <code>F&lt;n&gt;:line</code>, a line of file F&lt;n&gt; of the <a href=\"#input\">Input</a> table at the end "
                      + "(decompressed; hover a reference for the full path, the JSON report gives it too).")
        renderSummary(report, &doc)
        for incident in report.incidents { renderIncident(incident, &doc) }
        renderRest(report, &doc)
        renderInputs(report, &doc)
        renderAppendix(report, &doc)
        doc.raw("</body>\n</html>\n")
        doc.flush()
    }

    static let style = """
        body{font:14px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328;background:#fff;max-width:1400px;margin:0 auto;padding:16px 24px;box-sizing:border-box}
        h1{font-size:26px;margin:8px 0 12px}
        h2{font-size:20px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
        h3{font-size:16px;margin:22px 0 8px}
        p,ul{margin:6px 0 10px}
        a{color:#0969da}
        code{font:12px/1.3 "DejaVu Sans Mono",ui-monospace,Menlo,Consolas,monospace;background:#f3f5f7;border-radius:3px;padding:0 3px}
        table{border-collapse:collapse;margin:6px 0 16px;font-size:13px}
        th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
        th{background:#f3f5f7;font-weight:bold}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        td.num{white-space:nowrap}
        .nowrap{white-space:nowrap}
        .path{overflow-wrap:anywhere;min-width:16em}
        table.rows{table-layout:fixed;width:100%}
        table.rows td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        table.rows th{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        .story{font-size:15px;background:#f6f8fa;border-left:4px solid #cf222e;padding:8px 14px}
        figure{margin:10px 0 16px}
        figure svg{display:block;width:100%;height:auto}
        figcaption{font-size:12px;color:#57606a;margin-top:4px}
        .partial{color:#cf222e;font-weight:bold}
        .note{color:#57606a}
        @page{size:landscape;margin:12mm}
        @media print{
        body{max-width:none;padding:0;font-size:9pt}
        table.rows{table-layout:auto}
        table{font-size:8pt}
        table.rows td,table.rows th{white-space:normal;overflow:visible;overflow-wrap:anywhere}
        h2,h3{break-after:avoid}
        figure,tr{break-inside:avoid}
        thead{display:table-header-group}
        section.incident{break-before:page}
        a{color:inherit;text-decoration:none}
        code{background:none;padding:0}
        }

        """

    static func renderSummary(_ report: Report, _ doc: inout HTMLDocument) {
        let s = report.summary
        let refs = doc.refs
        if !report.incidents.isEmpty {
            doc.heading(2, "What happened", id: "what-happened")
            for incident in report.incidents {
                let sentences = IncidentNarrative.sentences(incident) { refs.ref(evidence: $0) }
                doc.paragraph(html: (report.incidents.count > 1 ? "<strong>Incident \(incident.number).</strong> " : "")
                              + sentences.map { HTMLText.escape($0, limit: 2000) }.joined(separator: " "), class: "story")
            }
        }
        doc.heading(2, "Summary", id: "summary")
        var rows: [[String]] = []
        if let start = s.windowStart, let end = s.windowEnd, let duration = s.durationSeconds {
            rows.append(["Window", t("\(start) to \(end) (\(MarkdownReport.seconds(duration)))")
                         + " <span class=\"note\">from the first event of the first incident to the last of the last</span>"])
        } else {
            rows.append(["Window", "no incident found"])
        }
        rows.append(["Incidents", "\(s.incidents)"])
        rows.append(["Services hit", s.servicesHit.isEmpty ? "none" : s.servicesHit.map(t).joined(separator: ", ")])
        var how = "\(s.lostBatches) expired batch\(s.lostBatches == 1 ? "" : "es")"
        if s.failedSendsWithoutCount > 0 { how += ", \(s.failedSendsWithoutCount) failed send\(s.failedSendsWithoutCount == 1 ? "" : "s") without a count" }
        rows.append(["Lost messages", t(loss(confirmed: s.lostRecords, upper: s.lostRecordsUpperBound, unknownFor: s.lostUnknownFor,
                                             unsized: s.possiblyLostUnknownSize) + " (\(how))")])
        let delayed = report.incidents.flatMap(\.delayed).map { t("\($0.service)\($0.client.isEmpty ? "" : " (\($0.client))") \(MarkdownReport.seconds($0.seconds))") }
        rows.append(["Delayed (consumers cut off)", delayed.isEmpty ? "none" : delayed.joined(separator: ", ")])
        var input = s.partialFiles.isEmpty ? "all \(report.inputs.totals.files) files read in full"
            : "<span class=\"partial\">\(s.partialFiles.count) file\(s.partialFiles.count == 1 ? "" : "s") read only in part</span>: " + s.partialFiles.map(code).joined(separator: ", ")
        let copies = report.inputs.totals.duplicateEvents
        if copies > 0 {
            let files = Set(report.inputs.overlaps.map(\.copy)).count
            input += "; \(files) file\(files == 1 ? " holds" : "s hold") copies of another file's records: \(copies) event\(copies == 1 ? "" : "s") counted once (see <a href=\"#overlaps\">Overlapping copies</a>)"
        }
        rows.append(["Input", input])
        if let missing = s.missingShards, !missing.isEmpty {
            rows.append(["Missing shards", "<strong>\(missing.map(t).joined(separator: ", "))</strong>: their files are not in this report"])
        }
        doc.table([.init("Question"), .init("Answer from the logs")], rows.map { [.init(html: "<strong>\($0[0])</strong>"), .init(html: $0[1])] }, class: "summary")
        guard !report.recommendations.isEmpty else { return }
        doc.heading(2, "What to fix", id: "what-to-fix")
        doc.paragraph(html: "From the evidence in these logs only; each item cites the lines it comes from.")
        doc.list(html: report.recommendations.map { item in
            "<strong>\(t(item.what, 2000))</strong> \(t(item.why, 2000)) " + item.evidence.map { ref($0, refs) }.joined(separator: " ")
        })
    }

    static func renderIncident(_ incident: Report.IncidentSection, _ doc: inout HTMLDocument) {
        let refs = doc.refs
        doc.raw("<section class=\"incident\" id=\"incident-\(incident.number)\">\n")
        doc.heading(2, "Incident \(incident.number): \(incident.t0)")
        doc.list(html: IncidentFacts.sentences(incident, escape: t, cite: { ref($0, refs) }))
        let lost = incident.lost

        let chart = SwimlaneChart(incident)
        doc.raw("<figure class=\"swimlanes\">\n" + chart.svg(id: "swimlanes-\(incident.number)") + "\n<figcaption>")
        doc.raw("Each service from its first failure to its recovery (orange); the broker from down to back (red, pale when inferred from the clients); "
                + "◆ a confirmed lost batch or send, ◇ a possibly lost one. The axis counts seconds after T+0."
                + (chart.omitted > 0 ? " \(chart.omitted) more service\(chart.omitted == 1 ? " is" : "s are") in the <a href=\"#impact-\(incident.number)\">Impact per service</a> table." : "")
                + "</figcaption>\n</figure>\n")

        doc.heading(3, "Phases")
        doc.table([.init("Phase"), .init("T+", numeric: true), .init("Time (UTC)", className: "nowrap"), .init("How it was established"), .init("Evidence")], incident.phases.map { row in
            [.text(row.phase), .text(row.offsetSeconds.map(MarkdownReport.offset) ?? "-"), .text(row.time.map(MarkdownReport.timeOfDay) ?? "-"),
             .text(row.basis), row.evidence.map { evidence($0, refs) } ?? .text("-")]
        })

        if let scenario = incident.scenario { renderScenario(scenario, &doc) }

        doc.heading(3, "Timeline")
        doc.table([.init("T+", width: "76px", numeric: true), .init("Time (UTC)", width: "104px"), .init("Service", width: "160px"),
                   .init("Pod", width: "280px"), .init("What happened"), .init("Evidence", width: "96px")], incident.timeline.lazy.map { row in
            var what = row.what
            if row.count > 1, let until = row.untilOffsetSeconds {
                // "until T+5 s" on a row at T+5 s says nothing.
                what += MarkdownReport.offset(until) == MarkdownReport.offset(row.offsetSeconds) ? " ×\(row.count)" : " ×\(row.count), until \(MarkdownReport.offset(until))"
            }
            return [.text(MarkdownReport.offset(row.offsetSeconds)), .text(MarkdownReport.timeOfDay(row.time)), .long(row.service), .long(row.pod),
                    .long(what), evidence(row.evidence, refs)]
        }, oneLine: true, class: "timeline")

        doc.heading(3, "Impact per service", id: "impact-\(incident.number)")
        doc.paragraph(html: "A service's impact lasts from its first failure to its recovery; the incident's total impact from its first symptom to the last service's recovery.")
        doc.table([.init("Service"), .init("Role"), .init("First failure"), .init("Last failure"), .init("Recovered"), .init("Recovery from"),
                   .init("Impact", numeric: true), .init("Failure lines", numeric: true), .init("Lost records", numeric: true)], incident.services.map { row in
            [.text(row.service), .text(row.roles.isEmpty ? "-" : row.roles.joined(separator: ", ").lowercased()),
             moment(row.firstFailure, refs), moment(row.lastFailure, refs), moment(row.recovered, refs),
             .text(row.recoveryBasis), .text(MarkdownReport.seconds(row.impactSeconds)), .text("\(row.failures)"), .text("\(row.lostRecords)")]
        }, class: "services")
        doc.table([.init("Service"), .init("Client"), .init("Role"), .init("First failure"), .init("Recovered"), .init("Recovery from"),
                   .init("Impact", numeric: true), .init("Failure lines", numeric: true)], incident.services.flatMap { service in service.clientRows.map { row in
            [.text(service.service), .text(row.client), .text(row.role.isEmpty ? "-" : row.role.lowercased()),
             moment(row.firstFailure, refs), moment(row.recovered, refs), .text(row.recoveryBasis),
             .text(MarkdownReport.seconds(row.impactSeconds)), .text("\(row.failures)")]
        } }, class: "clients")

        doc.heading(3, "Lost messages")
        if lost.items.isEmpty {
            doc.paragraph(html: "No producer reported an expired batch, a failed send or an unsettled retry.")
        } else {
            doc.paragraph(html: t("\(lost.records) record\(lost.records == 1 ? "" : "s") confirmed lost (\(lost.batches) expired batch\(lost.batches == 1 ? "" : "es"), \(lost.failedSendsWithoutCount) failed send\(lost.failedSendsWithoutCount == 1 ? "" : "s") without a count), reported by \(lost.reportingLines) log record\(lost.reportingLines == 1 ? "" : "s"); lost in all: "
                                  + loss(confirmed: lost.records, upper: lost.upperBound, unknownFor: lost.unknownFor, unsized: lost.possibleUnknownSize)
                                  + "; \(lost.retriedNotLost) failed send\(lost.retriedNotLost == 1 ? "" : "s") retried successfully.", 4000))
            doc.table([.init("Service"), .init("Topic-partition"), .init("Batches", numeric: true), .init("Confirmed lost", numeric: true),
                       .init("Possibly lost", numeric: true), .init("Unknown size", numeric: true), .init("Retried, not lost", numeric: true),
                       .init("Log records reporting", numeric: true), .init("Evidence")], lost.rows.map { row in
                [.text(row.service), .text(row.topicPartition), .text("\(row.batches)"), .text("\(row.records)"), .text("\(row.possibleRecords)"),
                 .text("\(row.possibleUnknownSize)"), .text("\(row.retried)"), .text("\(row.reportingLines)"),
                 .init(html: row.evidence.map { ref($0, refs) }.joined(separator: " "))]
            }, class: "loss")
            doc.table([.init("T+", width: "76px", numeric: true), .init("Service", width: "170px"), .init("Topic-partition", width: "190px"),
                       .init("Records", width: "84px", numeric: true), .init("Verdict", width: "130px"), .init("Why"),
                       .init("Lines", width: "56px", numeric: true), .init("Evidence", width: "210px")], lost.items.lazy.map { item in
                let refsShown = item.evidence.prefix(4).map { ref($0, refs) }.joined(separator: " ") + (item.evidence.count > 4 ? " …" : "")
                return [.text(MarkdownReport.offset(item.offsetSeconds)), .long(item.service), .long(item.topicPartition), .text(item.records.map(String.init) ?? "?"),
                        .long(item.verdict), .long(item.reason), .text("\(item.reportingLines)"),
                        .init(html: refsShown, title: item.evidence.joined(separator: " "))]
            }, oneLine: true, class: "loss-items")
        }
        doc.paragraph(html: "How the numbers were obtained:")
        doc.list(html: lost.rules.map(codeSpans))

        doc.heading(3, "Delayed messages (consumers cut off)")
        if incident.delayed.isEmpty {
            doc.paragraph(html: "No consumer lost its connection or group coordinator.")
        } else {
            doc.table([.init("Service"), .init("Client"), .init("Groups"), .init("Cut off at"), .init("Back at"), .init("Cut off for", numeric: true), .init("Back from"),
                       .init("Messages behind")],
                      incident.delayed.map { row in
                [.text(row.service), .text(row.client.isEmpty ? "-" : row.client), .text(row.groups.isEmpty ? "-" : row.groups.joined(separator: ", ")),
                 moment(row.from, refs), moment(row.until, refs), .text(MarkdownReport.seconds(row.seconds)), .text(row.basis),
                 .text((row.messagesBehindAtLeast.map { "at least \($0): " } ?? "") + row.messagesBehindBasis)]
            }, class: "delayed")
        }
        if !incident.offsets.isEmpty {
            doc.paragraph(html: "Consumer offsets before the incident and after recovery, where the log shows them:")
            doc.table([.init("Service"), .init("Group"), .init("Topic-partition"), .init("Before", numeric: true), .init("After", numeric: true), .init("Evidence")],
                      incident.offsets.map { row in
                [.text(row.service), .text(row.group ?? "-"), .text(row.topicPartition), .text(row.before ?? "-"), .text(row.after ?? "-"),
                 .init(html: [row.beforeEvidence, row.afterEvidence].compactMap { $0 }.map { ref($0, refs) }.joined(separator: " "))]
            }, class: "offsets")
        }
        if !incident.blindSpots.isEmpty {
            doc.heading(3, "What these logs cannot tell")
            doc.list(html: incident.blindSpots.map { spot in t(spot.what, 2000) + " (" + spot.files.map(code).joined(separator: ", ") + ")" })
        }
        renderUnexplained(incident.unexplainedLines, &doc)
        doc.raw("</section>\n")
    }

    /// "Lines no pattern explains": one table over the services, each service's templates by count.
    static func renderUnexplained(_ section: Report.UnexplainedLines, _ doc: inout HTMLDocument) {
        guard !section.services.isEmpty else { return }
        let refs = doc.refs
        doc.heading(3, "Lines no pattern explains")
        doc.paragraph(html: t(section.about, 2000))
        doc.table([.init("Service"), .init("Count", numeric: true), .init("First", numeric: true), .init("Last", numeric: true), .init("Template"), .init("Example")],
                  section.services.flatMap { service in
            service.templates.map { row in
                [.text(service.service), .text("\(row.count)"), .text(MarkdownReport.offset(row.firstOffsetSeconds)),
                 .text(MarkdownReport.offset(row.lastOffsetSeconds)), .init(html: code(row.template)), evidence(row.evidence, refs)]
            }
        }, class: "unexplained")
        doc.list(html: section.services.compactMap(Report.UnexplainedLines.leftOutNote).map { t($0, 2000) })
    }

    static func renderScenario(_ scenario: Report.ScenarioSection, _ doc: inout HTMLDocument) {
        let refs = doc.refs
        doc.heading(3, "Expected vs observed: \(scenario.name)")
        doc.table([.init("Milestone"), .init("Expected", numeric: true), .init("Observed", numeric: true), .init("Difference", numeric: true),
                   .init("What was seen"), .init("Evidence")], scenario.milestones.map { row in
            [.text(row.milestone), .text(MarkdownReport.offset(row.expectedOffsetSeconds)), .text(row.observedOffsetSeconds.map(MarkdownReport.offset) ?? "not observed"),
             .text(row.differenceSeconds.map { ($0 >= 0 ? "+" : "-") + MarkdownReport.seconds(abs($0)) } ?? "-"), .text(row.observed),
             row.evidence.map { evidence($0, refs) } ?? .text("-")]
        }, class: "milestones")
        if !scenario.checks.isEmpty {
            doc.table([.init("Steady-state check"), .init("Verdict"), .init("Detail")], scenario.checks.map {
                [.text($0.check), .init(html: "<strong>\(t($0.verdict))</strong>"), .text($0.detail)]
            }, class: "checks")
        }
        if !scenario.alerts.isEmpty {
            doc.paragraph(html: "Alerts by the observed timeline; a real alert fires up to one scrape and evaluation interval later.")
            doc.table([.init("Alert"), .init("Rule"), .init("Stands for"), .init("Verdict"), .init("Fires", numeric: true), .init("Resolves", numeric: true),
                       .init("Detail"), .init("Evidence")], scenario.alerts.map { row in
                [.text(row.alert), .init(html: row.expression.map(code) ?? "-"), .text(row.condition + ", for: " + MarkdownReport.seconds(row.forSeconds)),
                 .init(html: "<strong>\(t(row.verdict))</strong>"), .text(row.firesOffsetSeconds.map(MarkdownReport.offset) ?? "-"),
                 .text(row.resolvedOffsetSeconds.map(MarkdownReport.offset) ?? "-"), .text(row.detail),
                 .init(html: row.evidence.isEmpty ? "-" : row.evidence.map { ref($0, refs) }.joined(separator: " "))]
            }, class: "alerts")
        }
    }

    /// Isolated warnings, untimed events and clocks: what the Markdown report has after the incidents.
    static func renderRest(_ report: Report, _ doc: inout HTMLDocument) {
        let refs = doc.refs
        if !report.isolated.isEmpty {
            doc.heading(2, "Isolated warnings", id: "isolated")
            doc.paragraph(html: "Failure lines too few and too far from any incident to be one (fewer than \(IncidentBuilder.defaultMinimumFailures), one service, no loss, no broker shutdown).")
            doc.table([.init("Time (UTC)", width: "220px"), .init("Service", width: "190px"), .init("What happened"), .init("Evidence", width: "96px")], report.isolated.lazy.map {
                [.text($0.time), .long($0.service), .long($0.what), evidence($0.evidence, refs)]
            }, oneLine: true, class: "isolated")
        }
        if !report.untimed.isEmpty {
            doc.heading(2, "Events without a timestamp", id: "untimed")
            doc.paragraph(html: "\(report.untimed.count) event\(report.untimed.count == 1 ? "" : "s") came from lines with no timestamp and none before them in their file, so they are on no timeline.")
            doc.table([.init("Service", width: "190px"), .init("What happened"), .init("Evidence", width: "96px")], report.untimed.prefix(50).map {
                [.long($0.service), .long($0.what), evidence($0.evidence, refs)]
            }, oneLine: true, class: "untimed")
        }
        let offsets = report.clockOffsets.filter { $0.verdict != "same clock" }
        if !offsets.isEmpty {
            doc.heading(2, "Clocks", id: "clocks")
            doc.paragraph(html: "The timeline uses the runtime's timestamps (kubectl, CRI) where a line has one. These pods' own timestamps stand apart from them, so rows of theirs within that much of another pod's can be in either order:")
            doc.table([.init("Service"), .init("Pod"), .init("Application minus runtime", numeric: true), .init("Spread (10th-90th)", numeric: true),
                       .init("Events", numeric: true), .init("What it is")], offsets.map {
                [.text($0.service), .text($0.pod), .text(MarkdownReport.seconds($0.medianSeconds)), .text(MarkdownReport.seconds($0.spreadSeconds)),
                 .text("\($0.samples)"), .text($0.verdict)]
            }, class: "clocks")
        }
        if !report.stoppedPods.isEmpty {
            doc.heading(2, "Pods that stopped logging", id: "stopped")
            doc.paragraph(html: HTMLText.escape("These pods' logs end at least \(Int(Report.StoppedPod.minimumSeconds)) s before the archive's last line: a pod that crashed, was deleted or was replaced."))
            doc.table([.init("Service"), .init("Pod"), .init("Last line (UTC)", className: "nowrap"), .init("Before the archive's end", numeric: true),
                       .init("Replaced by"), .init("Evidence", width: "96px")], report.stoppedPods.map {
                [.text($0.service), .text($0.pod), .text(MarkdownReport.timeOfDay($0.lastTime)), .text(MarkdownReport.seconds($0.secondsBeforeEnd)),
                 .text($0.replacedBy ?? "-"), evidence($0.evidence, doc.refs)]
            }, class: "stopped")
        }
    }

    static func renderInputs(_ report: Report, _ doc: inout HTMLDocument) {
        let refs = doc.refs
        doc.heading(2, "Input", id: "input")
        let t = report.inputs.totals
        doc.paragraph(html: HTMLText.escape("\(t.files) files, \(t.storedBytes) bytes stored, \(t.textBytes) bytes of text, \(t.lines) lines, \(t.records) records read, \(t.events) events"
                     + (t.duplicateEvents > 0 ? " (\(t.duplicateEvents) of them copies, counted once)" : "") + "; "
                     + "\(t.recordsWithoutTimestamp) records without a timestamp, \(t.linesWithoutEnvelope) lines without the file's envelope, "
                     + "\(t.overlongLines) overlong lines cut, \(t.truncatedRecords) records truncated, \(t.timestampsBackwards) records earlier than the one before, \(t.matchLimitHits) pattern runs stopped at PCRE2's limits. "
                     + (t.skimmedFiles > 0 ? "In \(t.skimmedFiles) of the files only the records holding a pattern's literal were read, so the record counts cover those (--read-all-records reads every record). " : "")
                     + "Patterns: \(report.patterns.entries) entries from \(report.patterns.files.joined(separator: ", ")).", limit: 8000))
        doc.table([.init("Ref"), .init("File", className: "path"), .init("Service"), .init("Pod"), .init("Format"), .init("Stored bytes", numeric: true), .init("Lines", numeric: true),
                   .init("Records read", numeric: true), .init("Events", numeric: true), .init("No timestamp", numeric: true), .init("First time", className: "nowrap"), .init("Last time", className: "nowrap"), .init("Status")],
                  report.inputs.files.lazy.map { f in
            var format = [f.compression?.rawValue == "gzip" ? "gzip" : nil, f.envelope.map { $0 == .none ? "no envelope" : $0.rawValue }, f.layout?.rawValue]
                .compactMap { $0 }.joined(separator: ", ")
            if format.isEmpty { format = "-" }
            var status = f.error.map { "<span class=\"partial\">partial</span>: " + HTMLText.escape($0.description, limit: 2000) } ?? "read in full"
            if !f.warnings.isEmpty { status += "; " + f.warnings.map { HTMLText.escape($0, limit: 2000) }.joined(separator: "; ") }
            if !f.matchLimitHits.isEmpty {
                status += "; PCRE2 limit hit: " + f.matchLimitHits.sorted { $0.key < $1.key }.map { "\(HTMLText.escape($0.key)) ×\($0.value)" }.joined(separator: ", ")
            }
            if f.overlongLines > 0 { status += "; \(f.overlongLines) overlong lines cut" }
            if f.truncatedRecords > 0 { status += "; \(f.truncatedRecords) records truncated" }
            if f.timestampsBackwards > 0 { status += "; time went backwards \(f.timestampsBackwards) times" }
            let ref = refs.ref(ofPath: f.path)
            return [.init(html: ref.map { "<span id=\"\($0)\">\($0)</span>" } ?? "-"), .init(html: code(f.path)), .text(f.service), .text(f.pod), .text(format),
                    .text("\(f.storedBytes)"), .text("\(f.lines)"), .text("\(f.records)"), .text("\(f.events)"), .text("\(f.recordsWithoutTimestamp)"),
                    .text(f.firstTime?.iso8601 ?? "-"), .text(f.lastTime?.iso8601 ?? "-"), .init(html: status)]
        }, class: "inputs")
        let overlaps = report.inputs.overlaps
        guard !overlaps.isEmpty else { return }
        doc.heading(3, "Overlapping copies", id: "overlaps")
        doc.paragraph(html: "These files of one pod hold the same records (a file and its gzip copy, the kubectl and CRI copies, rotated files that overlap), "
                      + "told by the pod, the runtime's timestamp and the record's text. Each record is counted once, from the file first by path; "
                      + "\(t.duplicateEvents) of the \(t.events) events read were copies.")
        doc.table([.init("Kept from"), .init("Copy"), .init("Events counted once", numeric: true), .init("First"), .init("Last")], overlaps.map {
            [.init(html: code($0.kept)), .init(html: code($0.copy)), .text("\($0.events)"), .text($0.firstTime.iso8601), .text($0.lastTime.iso8601)]
        }, class: "overlaps")
    }

    /// The counts of events by kind per incident, folded out of the incidents' way.
    static func renderAppendix(_ report: Report, _ doc: inout HTMLDocument) {
        guard !report.incidents.isEmpty else { return }
        doc.heading(2, "Appendix: events by kind", id: "appendix")
        for incident in report.incidents {
            if report.incidents.count > 1 { doc.heading(3, "Incident \(incident.number)") }
            doc.table([.init("Kind"), .init("Events", numeric: true)], incident.eventsByKind.sorted { $0.key < $1.key }.map {
                [.init(html: code($0.key)), .text("\($0.value)")]
            }, class: "kinds")
        }
    }

    /// A loss interval in plain words (escaped where it is written).
    static func loss(confirmed: Int, upper: Report.Bound, unknownFor: [Report.UnknownLoss], unsized: Int) -> String {
        MarkdownReport.lossInterval(confirmed: confirmed, upper: upper, unknownFor: unknownFor, unsized: unsized, escape: { $0 })
    }

    static func t(_ s: String) -> String { HTMLText.escape(s) }

    static func t(_ s: String, _ limit: Int) -> String { HTMLText.escape(s, limit: limit) }

    /// Text whose `backticked` spans are code, as the model's rules are written.
    static func codeSpans(_ s: String) -> String {
        let parts = s.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count % 2 == 1 else { return t(s, 2000) }
        return parts.enumerated().map { $0.offset % 2 == 1 ? code(String($0.element)) : t(String($0.element), 2000) }.joined()
    }

    static func code(_ s: String) -> String { "<code>" + HTMLText.escape(s, limit: 2000) + "</code>" }

    /// `F3:68` in code, the full `path:line` its title.
    static func ref(_ evidence: String, _ refs: FileRefs) -> String {
        "<code title=\"\(HTMLText.escape(evidence, limit: 2000))\">\(HTMLText.escape(refs.ref(evidence: evidence)))</code>"
    }

    static func evidence(_ evidence: String, _ refs: FileRefs) -> HTMLDocument.Cell {
        .init(html: ref(evidence, refs), title: evidence)
    }

    /// `T+5.1 s F3:68`.
    static func moment(_ moment: Report.Moment, _ refs: FileRefs) -> HTMLDocument.Cell {
        .init(html: HTMLText.escape(MarkdownReport.offset(moment.offsetSeconds ?? 0)) + " " + ref(moment.evidence, refs))
    }
}
