import Foundation
import XCTest
@testable import LogTrace

final class MarkdownReportTests: XCTestCase {
    static let hostile = [
        "a | b | c",
        "`code` and ``double``",
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "<!-- hidden --> after",
        "\u{1B}[31mred\u{1B}[0m",
        "*bold* _em_ ~~strike~~ # not a heading",
        String(repeating: "x", count: 5000),
        "line\nbreak",
        "back\\slash | \\| pipe",
        "&amp; entity &#124;",
    ]

    /// The Markdown that `build` writes.
    func markdown(_ build: (inout MarkdownDocument) -> Void) -> String {
        final class Text { var value = "" }
        let text = Text()
        var doc = MarkdownDocument { text.value += $0 }
        build(&doc)
        return text.value
    }

    /// A table longer than one 64 KiB piece comes out as one table with every row, between its blocks.
    func testLongTableWrittenInPiecesStaysOneTable() throws {
        var writes = 0
        final class Text { var value = "" }
        let text = Text()
        var doc = MarkdownDocument { text.value += $0; writes += 1 }
        doc.paragraph("before")
        doc.table(["N", "Evidence"], (0..<3000).map { ["\($0)", MarkdownText.code("logs/order-service-7d9f8c6b5-x2k4p.log.gz:\($0 * 7)")] }, alignRight: [0])
        doc.paragraph("after")
        XCTAssertGreaterThan(writes, 4, "the table went out in pieces")
        let tables = MarkdownTable.all(in: text.value)
        XCTAssertEqual(tables.count, 1)
        XCTAssertEqual(tables[0].table.rows.count, 3000)
        XCTAssertEqual(tables[0].table.rows.last?.first, "2999")
        XCTAssertTrue(text.value.hasPrefix("before\n\n| N |"))
        XCTAssertTrue(text.value.hasSuffix("|\n\nafter\n"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm") else {
            return XCTFail("cmark-gfm is not installed: run scripts/test, which installs it")
        }
        let html = String(decoding: TestSupport.run("/usr/bin/cmark-gfm", ["-e", "table"], input: Array(text.value.utf8)).stdout, as: UTF8.self)
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 3001)
    }

    func testEscapedTextKeepsTablesWhole() {
        let both = markdown { $0.table(["A", "B"], Self.hostile.map { [MarkdownText.escape($0), MarkdownText.code($0)] }) }
        let tables = MarkdownTable.all(in: both)
        XCTAssertEqual(tables.count, 1)
        XCTAssertEqual(tables[0].table.rows.count, Self.hostile.count)
        for row in tables[0].table.rows { XCTAssertEqual(row.count, 2, "\(row)") }
        // Outside code spans, nothing that could become HTML, a link or a terminal escape survives.
        let escaped = markdown { $0.table(["A"], Self.hostile.map { [MarkdownText.escape($0)] }) }
        XCTAssertFalse(escaped.contains("<script"))
        XCTAssertFalse(escaped.contains("<!--"))
        XCTAssertFalse(escaped.contains("\u{1B}"))
        XCTAssertFalse(escaped.contains("[click]("), "the link brackets are escaped")
    }

    /// The same check through a real CommonMark/GFM parser: cmark-gfm renders the tables to HTML; each
    /// row must keep its cells and no raw HTML may come through.
    func testCmarkGFMSeesEveryCellAndNoRawHTML() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm") else {
            return XCTFail("cmark-gfm is not installed: run scripts/test, which installs it")
        }
        let doc = markdown { $0.table(["Text", "Code"], Self.hostile.map { [MarkdownText.escape($0), MarkdownText.code($0)] }) }
        let html = String(decoding: TestSupport.run("/usr/bin/cmark-gfm", ["-e", "table"], input: Array(doc.utf8)).stdout, as: UTF8.self)
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, Self.hostile.count + 1)
        XCTAssertEqual(html.components(separatedBy: "<td>").count - 1, Self.hostile.count * 2)
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertFalse(html.contains("<!--"), html)
        XCTAssertFalse(html.contains("href=\"javascript"), html)
        XCTAssertFalse(html.contains("<a "), html)
    }

    func testOffsetsAndNumbers() {
        XCTAssertEqual(MarkdownReport.offset(5.04), "T+5 s")
        XCTAssertEqual(MarkdownReport.offset(57.25), "T+57.3 s")
        XCTAssertEqual(MarkdownReport.offset(-0.4), "T-0.4 s")
    }

    /// Evidence in the Markdown tables is `F<n>:line`, F<n> being a row of the Input table, and every
    /// one resolves to that file and a line it has; the JSON keeps the full path.
    func testEvidenceCitesTheFileIndex() throws {
        let markdown = TestSupport.logtrace(["ingest", "--quiet", "samples"]).stdout
        let tables = MarkdownTable.all(in: markdown)
        let input = try XCTUnwrap(tables.first { $0.heading == "Input" }?.table)
        XCTAssertEqual(input.header.first, "Ref")
        var files: [String: (path: String, lines: Int)] = [:]
        for row in input.rows { files[row[0]] = (row[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")), Int(row[6])!) }
        XCTAssertEqual(files.keys.sorted(), (1...5).map { "F\($0)" })
        let timeline = try XCTUnwrap(tables.first { $0.heading == "Timeline" }?.table)
        XCTAssertFalse(timeline.rows.isEmpty)
        for row in timeline.rows {
            let cell = row[5].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let parts = cell.split(separator: ":")
            XCTAssertEqual(parts.count, 2, cell)
            let file = try XCTUnwrap(files[String(parts[0])], cell)
            XCTAssertLessThanOrEqual(Int(parts[1])!, file.lines, cell)
            XCTAssertFalse(row[4].hasSuffix(", until \(row[0])"), "no 'until' at the row's own time: \(row[4])")
        }
        let json = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "samples"]).stdout.utf8))
        XCTAssertTrue(try XCTUnwrap(json.incidents.first?.timeline.first?.evidence).hasPrefix("samples/"))
    }
    /// The counts of events by kind are an appendix after the Input table, one table per incident, not a
    /// section inside each incident: a reader checking the matching finds them, the story does not wade through them.
    func testEventsByKindAreAnAppendix() throws {
        let markdown = TestSupport.logtrace(["ingest", "--quiet", "bench/scenarios/two-outages-60s/logs"]).stdout
        let tables = MarkdownTable.all(in: markdown)
        let headings = tables.map(\.heading)
        let input = try XCTUnwrap(headings.firstIndex(of: "Input"))
        XCTAssertEqual(Array(headings[(input + 1)...]), ["Incident 1: events by kind", "Incident 2: events by kind"])
        XCTAssertFalse(headings.contains("Events by kind"))
        let json = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "bench/scenarios/two-outages-60s/logs"]).stdout.utf8))
        for (table, incident) in zip(tables[(input + 1)...].map(\.table), json.incidents) {
            XCTAssertEqual(table.rows.map { [$0[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")).replacingOccurrences(of: "\\_", with: "_"), $0[1]] },
                           incident.eventsByKind.sorted { $0.key < $1.key }.map { [$0.key, "\($0.value)"] })
        }
    }
    /// The three durations say what they measure where they appear: the window in the summary, a service's
    /// impact and the incident's total impact above the impact table.
    func testDurationsAreDefinedWhereTheyAppear() throws {
        let markdown = TestSupport.logtrace(["ingest", "--quiet", "samples"]).stdout
        let summary = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.heading == "Summary" }?.table)
        let window = try XCTUnwrap(summary.rows.first { $0[0] == "**Window**" }?[1])
        XCTAssertTrue(window.hasSuffix("(60.6 s: from the first event of the first incident to the last of the last)"), window)
        let impact = try XCTUnwrap(markdown.components(separatedBy: "### Impact per service\n\n").dropFirst().first)
        XCTAssertTrue(impact.hasPrefix("A service's impact lasts from its first failure to its recovery; the incident's total impact from its first symptom"), String(impact.prefix(120)))
        XCTAssertTrue(markdown.contains("total impact 55.6 s from first symptom to full recovery"))
    }
}
