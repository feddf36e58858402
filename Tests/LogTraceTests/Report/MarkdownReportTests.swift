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

    func testEscapedTextKeepsTablesWhole() {
        var doc = MarkdownDocument()
        doc.table(["A", "B"], Self.hostile.map { [MarkdownText.escape($0), MarkdownText.code($0)] })
        let tables = MarkdownTable.all(in: doc.text)
        XCTAssertEqual(tables.count, 1)
        XCTAssertEqual(tables[0].table.rows.count, Self.hostile.count)
        for row in tables[0].table.rows { XCTAssertEqual(row.count, 2, "\(row)") }
        // Outside code spans, nothing that could become HTML, a link or a terminal escape survives.
        doc = MarkdownDocument()
        doc.table(["A"], Self.hostile.map { [MarkdownText.escape($0)] })
        XCTAssertFalse(doc.text.contains("<script"))
        XCTAssertFalse(doc.text.contains("<!--"))
        XCTAssertFalse(doc.text.contains("\u{1B}"))
        XCTAssertFalse(doc.text.contains("[click]("), "the link brackets are escaped")
    }

    /// The same check through a real CommonMark/GFM parser: cmark-gfm renders the tables to HTML; each
    /// row must keep its cells and no raw HTML may come through.
    func testCmarkGFMSeesEveryCellAndNoRawHTML() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm") else {
            return XCTFail("cmark-gfm is not installed: run scripts/test, which installs it")
        }
        var doc = MarkdownDocument()
        doc.table(["Text", "Code"], Self.hostile.map { [MarkdownText.escape($0), MarkdownText.code($0)] })
        let html = String(decoding: TestSupport.run("/usr/bin/cmark-gfm", ["-e", "table"], input: Array(doc.text.utf8)).stdout, as: UTF8.self)
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
}
