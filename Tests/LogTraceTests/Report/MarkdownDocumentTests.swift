import XCTest
@testable import LogTrace

/// A Markdown list written in pieces is the same text as the list joined whole.
final class MarkdownDocumentTests: XCTestCase {
    func testLongListIsWrittenInPiecesWithTheSameBytes() {
        for count in [0, 1, 3, 5_000] {
            let items = (0..<count).map { "item \($0): " + String(repeating: "ø", count: $0 % 40) }
            var pieces: [String] = []
            var document = MarkdownDocument(write: { pieces.append($0) })
            document.paragraph("before")
            document.list(items)
            document.paragraph("after")
            let whole = "before\n" + "\n" + items.map { "- " + $0 }.joined(separator: "\n") + "\n" + "\nafter\n"
            XCTAssertEqual(pieces.joined(), whole, "\(count) items")
            XCTAssertLessThan(pieces.map(\.utf8.count).max() ?? 0, 80 * 1024, "\(count) items")
        }
    }
}
