import XCTest
@testable import LogTrace

final class LineReaderTests: XCTestCase {
    func lines(of text: [UInt8], bufferSize: Int = 64, maxLine: Int = 16) -> ([String], LineReader.Counters, [Bool]) {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.writeBytes(text, to: dir + "/in.log")
        let source = try! FileByteSource(path: dir + "/in.log")
        let reader = LineReader(bufferSize: bufferSize, maxLineBytes: maxLine)
        var out: [String] = []
        var truncated: [Bool] = []
        var numbers: [Int] = []
        try! reader.forEachLine(of: source) { line, number, cut, _ in
            out.append(String(decoding: line, as: UTF8.self))
            numbers.append(number)
            truncated.append(cut)
        }
        XCTAssertEqual(numbers, numbers.isEmpty ? [] : Array(1...numbers.count))
        return (out, reader.counters, truncated)
    }

    func testSplitsOnNewlineAndDropsCR() {
        let (out, counters, _) = lines(of: Array("a\r\nbb\n\nccc".utf8))
        XCTAssertEqual(out, ["a", "bb", "", "ccc"])
        XCTAssertEqual(counters.lines, 4)
        XCTAssertEqual(counters.bytes, 10)
    }

    func testOverlongLineIsCutCountedAndSkipped() {
        let long = String(repeating: "x", count: 100)
        let (out, counters, truncated) = lines(of: Array("short\n\(long)\nafter\n".utf8))
        XCTAssertEqual(out, ["short", String(repeating: "x", count: 16), "after"])
        XCTAssertEqual(truncated, [false, true, false])
        XCTAssertEqual(counters.overlongLines, 1)
    }

    func testOverlongFinalLineWithoutNewline() {
        let (out, counters, _) = lines(of: Array(("ok\n" + String(repeating: "y", count: 1000)).utf8))
        XCTAssertEqual(out, ["ok", String(repeating: "y", count: 16)])
        XCTAssertEqual(counters.overlongLines, 1)
    }

    /// Lines that straddle buffer refills come out whole, for every buffer size.
    func testLinesAcrossBufferBoundaries() {
        var text = ""
        for i in 0..<300 { text += String(repeating: "z", count: i % 15) + "\n" }
        for size in [17, 18, 31, 64, 4096] {
            let (out, counters, _) = lines(of: Array(text.utf8), bufferSize: size, maxLine: 16)
            XCTAssertEqual(out.count, 300, "buffer \(size)")
            XCTAssertEqual(out.map(\.count), (0..<300).map { $0 % 15 }, "buffer \(size)")
            XCTAssertEqual(counters.overlongLines, 0)
        }
    }

    func testEmptyInput() {
        let (out, counters, _) = lines(of: [])
        XCTAssertEqual(out, [])
        XCTAssertEqual(counters.lines, 0)
    }
}
