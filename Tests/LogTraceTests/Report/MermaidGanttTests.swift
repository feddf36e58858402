import Foundation
import XCTest
@testable import LogTrace

/// The Markdown report's Mermaid gantt: an axis of plain seconds after T+0 that no viewer's time zone
/// shifts, and names that cannot add, end or break a line of the chart.
final class MermaidGanttTests: XCTestCase {
    /// The statements the chart may hold, each one line that Mermaid's gantt grammar reads as one statement
    /// (a section's text stops at `#` `:` `;` and a line break; `%` starts a comment, `<br>` a new line).
    static let statements = [
        #"gantt"#, #"    title [^#;\n]+"#, #"    dateFormat x"#, #"    axisFormat %s"#, #"    tickInterval [1-9][0-9]*000millisecond"#, #"    todayMarker off"#,
        #"    section [^#:;%<>{}`\\\n\r\u{2028}\u{2029}]+"#, #"    (?:down|down \(inferred\)|impact) :(?:crit|s[0-9]+), -?[0-9]+, -?[0-9]+"#,
    ]

    func checkStatements(_ gantt: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let grammar = try Self.statements.map { try Regex($0) }
        for text in gantt.split(separator: "\n", omittingEmptySubsequences: false) {
            XCTAssertTrue(grammar.contains { text.wholeMatch(of: $0) != nil }, "not a gantt statement: \(text.debugDescription)", file: file, line: line)
        }
    }

    func samplesReport() throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "samples"]).stdout.utf8))
    }

    /// Times go in as milliseconds after T+0 (T+0 is the epoch), ticks every whole number of seconds from
    /// the epoch, printed as seconds since the epoch: T+ seconds, whatever the viewer's zone.
    func testAxisIsPlainSecondsAfterT0() throws {
        let markdown = TestSupport.logtrace(["ingest", "--quiet", "samples"]).stdout
        let report = try samplesReport()
        let incident = report.incidents[0]
        let start = try XCTUnwrap(markdown.range(of: "```mermaid\n"))
        let end = try XCTUnwrap(markdown.range(of: "\n```", range: start.upperBound..<markdown.endIndex))
        let gantt = String(markdown[start.upperBound..<end.lowerBound])
        XCTAssertEqual(gantt, MarkdownReport.gantt(incident))
        try checkStatements(gantt)
        let lines = gantt.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines[2...4]), ["    dateFormat x", "    axisFormat %s", "    tickInterval 10000millisecond"])
        XCTAssertTrue(lines[1].hasSuffix("axis in seconds after T+0"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("    section ") }, ["    section broker"] + incident.services.map { "    section \($0.service)" })
        func ms(_ seconds: Double?) -> Int64 { Int64((seconds! * 1000).rounded()) }
        XCTAssertEqual(lines[lines.firstIndex(of: "    section broker")! + 1],
                       "    down :crit, \(ms(incident.brokerDown?.offsetSeconds)), \(ms(incident.durations.timeToBrokerBackSeconds))")
        for (i, row) in incident.services.enumerated() {
            XCTAssertTrue(lines.contains("    impact :s\(i), \(ms(row.firstFailure.offsetSeconds)), \(ms(row.recovered.offsetSeconds))"), row.service)
        }
        XCTAssertFalse(gantt.contains("%M"), "no clock field: Mermaid would print it in the viewer's zone")
        XCTAssertFalse(gantt.contains("%H"))
    }

    /// A newline, a carriage return, `#`, `:`, `;`, `%%`, `<br>` or a fence in a service name (a file name
    /// or `--service` can hold any) leaves every line of the chart one statement, and the fence whole.
    func testHostileServiceNamesCannotInjectLines() throws {
        var report = try samplesReport()
        let names = ["evil\n    section injected\n    x :crit, 0, 1", "cr\rreturn", "line\u{2028}sep", "semi;colon", "hash#tag", "co:lon", "%%{init: {}}%%",
                     "a<br/>b", "```", "", "   ", "\u{1B}[31mred", "tab\there", "back\\slash", "{brace}", String(repeating: "long-", count: 40)]
        let row = report.incidents[0].services[0]
        report.incidents[0].services = names.map { name in
            var copy = row
            copy.service = name
            return copy
        }
        let gantt = MarkdownReport.gantt(report.incidents[0])
        try checkStatements(gantt)
        let lines = gantt.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 6 + 2 * (names.count + 1), "one section and one task per lane, no more")
        let sections = lines.filter { $0.hasPrefix("    section ") }.map { String($0.dropFirst(12)) }
        XCTAssertEqual(Array(sections.prefix(3)), ["broker", "evil section injected x crit, 0, 1", "cr return"])
        XCTAssertEqual(sections[10], "(no name)")
        XCTAssertEqual(sections[11], "(no name)")
        XCTAssertLessThanOrEqual(sections.map(\.count).max()!, 60)

        // Through a real CommonMark parser: one fenced block per incident, holding exactly those lines.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm") else {
            return XCTFail("cmark-gfm is not installed: run scripts/test, which installs it")
        }
        let markdown = MarkdownReport.render(report)
        let html = String(decoding: TestSupport.run("/usr/bin/cmark-gfm", ["-e", "table"], input: Array(markdown.utf8)).stdout, as: UTF8.self)
        let blocks = html.components(separatedBy: "<pre").dropFirst().filter { $0.contains("mermaid") }
        XCTAssertEqual(blocks.count, report.incidents.count)
        let body = try XCTUnwrap(blocks.first?.components(separatedBy: "</code>").first)
        XCTAssertEqual(body.components(separatedBy: "\n").count - 1, lines.count, body)
    }

    func testGanttNames() {
        XCTAssertEqual(MarkdownReport.ganttName("order-service"), "order-service")
        XCTAssertEqual(MarkdownReport.ganttName("a\nb\r\nc"), "a b c")
        XCTAssertEqual(MarkdownReport.ganttName(" :;# "), "(no name)")
        XCTAssertEqual(MarkdownReport.ganttName("x%%y"), "x y")
        XCTAssertEqual(MarkdownReport.ganttName(String(repeating: "a", count: 100)), String(repeating: "a", count: 59) + "…")
    }
}
