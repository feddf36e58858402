/// The forms a report is written in: Markdown for a postmortem, JSON for programs, HTML for a page that
/// stands alone (a wiki, a browser, paper).
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, json, html

    /// Writes `report` in this format into `write`, a piece at a time where the format allows.
    public func render(_ report: Report, into write: @escaping (String) -> Void) {
        switch self {
        case .markdown: MarkdownReport.render(report, into: write)
        case .json: JSONReport.render(report, into: write)
        case .html: HTMLReport.render(report, into: write)
        }
    }
}
