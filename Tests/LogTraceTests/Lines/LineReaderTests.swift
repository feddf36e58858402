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

    /// Classic Mac line ends: a lone `\r` first makes every `\r` a line end, across buffer refills; a
    /// `\r\n` or `\n` first leaves a `\r` inside a line alone.
    func testLoneCarriageReturnsEndLinesWhenTheyComeFirst() {
        let (out, counters, _) = lines(of: Array("first line\rsecond\r\rthird line is longer\rlast".utf8), bufferSize: 40, maxLine: 24)
        XCTAssertEqual(out, ["first line", "second", "", "third line is longer", "last"])
        XCTAssertTrue(counters.carriageReturnLineEnds)
        let (unix, plain, _) = lines(of: Array("a\nb\rc\n".utf8))
        XCTAssertEqual(unix, ["a", "b\rc"])
        XCTAssertFalse(plain.carriageReturnLineEnds)
        let (dos, crlf, _) = lines(of: Array("a\r\nb\r\n".utf8))
        XCTAssertEqual(dos, ["a", "b"])
        XCTAssertFalse(crlf.carriageReturnLineEnds)
    }

    /// The samples' shopping-service log with its line ends turned into lone CRs (`tr '\n' '\r'`) gives the
    /// same events as the original, and says how it read them.
    func testACarriageReturnFileGivesTheSameEvents() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let original = TestSupport.repoRoot + "/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz"
        let plain = TestSupport.run("/bin/sh", ["-c", "gzip -dc \"$0\" | tr '\\n' '\\r' > \"$1\"", original, dir + "/shopping-service-7d9f8c6b5-x2k4p.log"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let before = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", original])
        let after = TestSupport.logtrace(["ingest", "--format", "json", dir + "/shopping-service-7d9f8c6b5-x2k4p.log"])
        let one = try JSONDecoder().decode(Report.self, from: Data(before.stdout.utf8))
        let two = try JSONDecoder().decode(Report.self, from: Data(after.stdout.utf8))
        XCTAssertEqual(two.inputs.files.map(\.lines), one.inputs.files.map(\.lines))
        XCTAssertEqual(two.inputs.files.map(\.events), one.inputs.files.map(\.events))
        XCTAssertEqual(two.summary.lostRecords, one.summary.lostRecords)
        XCTAssertTrue(after.stderr.contains("lone carriage returns"), after.stderr)
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
