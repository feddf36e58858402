import Foundation
import XCTest
@testable import LogTrace

/// The closing summary a terminal gets after `-o`: read from the report, and shown only on a terminal.
final class ClosingSummaryTests: XCTestCase {
    /// Each row of the samples' summary says what the report says.
    func testRowsComeFromTheReport() throws {
        let report = TestSupport.ingest(try Pipeline.inputs([TestSupport.repoRoot + "/samples"])).report
        let text = ClosingSummary.text(report, reportPath: "out/report.md", format: .markdown, eventsPath: "out/events.jsonl")
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "logtrace: summary")
        var rows: [String: String] = [:]
        for line in lines.dropFirst() {
            XCTAssertTrue(line.hasPrefix("  "), line)
            let parts = line.dropFirst(2).components(separatedBy: "  ")
            rows[parts[0].trimmingCharacters(in: .whitespaces)] = parts.dropFirst().joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let s = report.summary
        XCTAssertEqual(rows["incidents"], "\(s.incidents), \(s.windowStart!) to \(s.windowEnd!) (\(MarkdownReport.seconds(s.durationSeconds!)))")
        XCTAssertEqual(rows["services hit"], s.servicesHit.joined(separator: ", "))
        XCTAssertEqual(s.lostRecordsUpperBound.value, s.lostRecords, "the samples' loss is exact")
        XCTAssertEqual(rows["lost"], "\(s.lostRecords) records")
        XCTAssertEqual(rows["files"], "\(report.inputs.totals.files) read in full, 0 only in part")
        XCTAssertEqual(rows["report"], "out/report.md (markdown)")
        XCTAssertEqual(rows["events"], "out/events.jsonl")
        XCTAssertNil(rows["time window"])
    }

    /// A loss the logs bound, and one they cannot.
    func testLossIntervals() throws {
        var summary = TestSupport.ingest(try Pipeline.inputs([TestSupport.repoRoot + "/samples"])).report.summary
        summary.lostRecords = 8
        summary.lostRecordsUpperBound = 12
        XCTAssertEqual(ClosingSummary.loss(summary), "at least 8, at most 12 records")
        summary.lostRecordsUpperBound = Report.Bound(nil)
        summary.lostUnknownFor = [Report.UnknownLoss(service: "order_service", reason: "its library logs no per-record outcome")]
        XCTAssertEqual(ClosingSummary.loss(summary), "at least 8 records; unknown for order_service (its library logs no per-record outcome)")
    }

    /// Under a pseudo-terminal (script(1)) the summary follows `-o`; through a pipe, or with
    /// `--no-summary`, or with the report on stdout, stderr says nothing.
    func testShownOnlyOnATerminalWithOutput() throws {
        let dir = TestSupport.temporaryDirectory(self)
        func onTerminal(_ arguments: [String]) -> String {
            let command = ([TestSupport.logtraceBinary] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let result = TestSupport.run("/usr/bin/script", ["-qec", "cd '\(TestSupport.repoRoot)' && " + command + " > '\(dir)/stdout'", "/dev/null"])
            return String(decoding: result.stdout, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("no script(1)") }
        let shown = onTerminal(["ingest", "--quiet", "-o", dir + "/report.md", "samples"])
        XCTAssertTrue(shown.hasPrefix("logtrace: summary\n  incidents     1, "), shown)
        XCTAssertTrue(shown.contains("\n  report        \(dir)/report.md (markdown)\n"), shown)
        XCTAssertEqual(onTerminal(["ingest", "--quiet", "--no-summary", "-o", dir + "/report.md", "samples"]), "")
        XCTAssertEqual(onTerminal(["ingest", "--quiet", "samples"]), "")
        let piped = TestSupport.logtrace(["ingest", "--quiet", "-o", dir + "/report.md", "samples"])
        XCTAssertEqual(piped.status, 0)
        XCTAssertEqual(piped.stderr, "")
    }
}
