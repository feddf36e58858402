/// The few lines `logtrace` leaves on a terminal after writing a report to a file (`-o`), like
/// Hayabusa's results summary: the incidents and their window, who was hit, the loss as an interval,
/// the window applied, what was read, and where the report (and event export) went. Plain text from the
/// report alone: no clock, no colour.
public enum ClosingSummary {
    public static func text(_ report: Report, reportPath: String, format: ReportFormat, eventsPath: String? = nil) -> String {
        let s = report.summary
        var rows: [(String, String)] = []
        if let start = s.windowStart, let end = s.windowEnd, let duration = s.durationSeconds {
            rows.append(("incidents", "\(s.incidents), \(start) to \(end) (\(MarkdownReport.seconds(duration)))"))
        } else {
            rows.append(("incidents", "none found"))
        }
        if !s.servicesHit.isEmpty { rows.append(("services hit", s.servicesHit.joined(separator: ", "))) }
        rows.append(("lost", loss(s)))
        if let window = s.timeWindow { rows.append(("time window", window.sentence)) }
        let files = report.inputs.totals.files, partial = s.partialFiles.count
        rows.append(("files", "\(files - partial) read in full, \(partial) only in part" + (partial > 0 ? " (listed in the report)" : "")))
        if let missing = s.missingShards, !missing.isEmpty { rows.append(("missing shards", missing.joined(separator: ", "))) }
        rows.append(("report", "\(reportPath) (\(format.rawValue))"))
        if let eventsPath { rows.append(("events", eventsPath)) }
        let width = rows.map(\.0.count).max() ?? 0
        return "logtrace: summary\n" + rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 + "\n" }.joined()
    }

    /// The loss as the report bounds it: `8 records`, `at least 8, at most 12 records`, or `at least 8
    /// records; unknown for SERVICE (why)`.
    static func loss(_ s: Report.Summary) -> String {
        let records = { (n: Int) in "\(n) record\(n == 1 ? "" : "s")" }
        guard let upper = s.lostRecordsUpperBound.value else {
            var why = s.lostUnknownFor.map { "unknown for \($0.service) (\($0.reason))" }
            if s.possiblyLostUnknownSize > 0 { why.append("\(s.possiblyLostUnknownSize) unsettled item\(s.possiblyLostUnknownSize == 1 ? "" : "s") of unknown size") }
            return "at least \(records(s.lostRecords))" + (why.isEmpty ? "" : "; " + why.joined(separator: "; "))
        }
        return upper == s.lostRecords ? records(upper) : "at least \(s.lostRecords), at most \(records(upper))"
    }
}
