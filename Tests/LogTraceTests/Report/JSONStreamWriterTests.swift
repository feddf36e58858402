import Foundation
import XCTest
@testable import LogTrace

/// The streamed JSON is byte for byte what Foundation's `JSONEncoder` writes, for whole reports and for
/// the values that are easy to get wrong (escapes, numbers, empty containers, optionals, key order).
final class JSONStreamWriterTests: XCTestCase {
    static let recordedLogs = ["samples", "bench/scenarios/broker-back-90s/logs", "bench/scenarios/wrapped-errors/logs",
                               "bench/scenarios/mixed-libraries/logs", "bench/scenarios/json-logs/logs",
                               "bench/scenarios/long-freeze-groups/logs"]

    func encoded(_ value: some Encodable, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func streamed(_ value: some Encodable, pretty: Bool) throws -> String {
        var pieces: [String] = []
        try JSONStreamWriter(pretty: pretty) { pieces.append($0) }.write(value)
        return pieces.joined()
    }

    func testReportsOfRecordedLogsAreJSONEncodersBytes() throws {
        for logs in Self.recordedLogs {
            let (report, scan) = TestSupport.ingest(InputPaths.expand([TestSupport.repoRoot + "/" + logs]))
            XCTAssertFalse(report.incidents.isEmpty, logs)
            var reference = try encoded(report, pretty: true)
            // What `JSONReport` did before it streamed: the schema line moved first.
            let schemaLine = "\n  \"schema\" : \"\(report.schema)\","
            let line = try XCTUnwrap(reference.range(of: schemaLine))
            reference.removeSubrange(line)
            reference.insert(contentsOf: schemaLine, at: reference.index(after: reference.startIndex))
            XCTAssertEqual(JSONReport.render(report), reference + "\n", logs)
            XCTAssertEqual(try streamed(report, pretty: false), try encoded(report, pretty: false), logs)
            // A partial's lines: each file summary and event as compact JSON.
            for file in scan.files {
                XCTAssertEqual(String(decoding: try JSONStreamWriter.compactBytes(file), as: UTF8.self), try encoded(file, pretty: false))
            }
            for event in scan.allEvents {
                XCTAssertEqual(String(decoding: try JSONStreamWriter.compactBytes(event), as: UTF8.self), try encoded(event, pretty: false))
            }
        }
    }

    struct Tricky: Encodable {
        var text = "quote \" backslash \\ slash / tab \t newline \n return \r bell \u{7} nul \u{0} unit \u{1F} del \u{7F} é ✓ 🙂"
        var doubles: [Double] = [0, -0.0, 1, 0.1, 1.5, 30.25, 1e-7, 123456789.125, 1e16, 1e21, -2.5e-10, 86_400 * 365]
        var floats: [Float] = [0.1, 2, 1e-3]
        var integers: [Int64] = [.min, -1, 0, .max]
        var unsigned: [UInt8] = [0, 255]
        var none: String? = nil
        var some: String? = "x"
        var nulls: [Int?] = [1, nil, 3]
        var emptyArray: [Int] = []
        var emptyObject: [String: Int] = [:]
        var nested: [[String: [Int]]] = [["b": [], "a": [1, 2]], [:]]
        var keys: [String: Int] = ["b": 1, "B": 2, "a10": 3, "a9": 4, "é": 5, "_": 6, "field_x": 7, "file": 8]
        var flag = true
        var bound = Report.Bound(nil)
        var known = Report.Bound(7)
    }

    func testEscapesNumbersEmptiesOptionalsAndKeyOrder() throws {
        for pretty in [true, false] {
            XCTAssertEqual(try streamed(Tricky(), pretty: pretty), try encoded(Tricky(), pretty: pretty), "pretty: \(pretty)")
        }
    }

    /// An array whose elements are nested containers, filled after they are made.
    struct NestedInArray: Encodable {
        enum Key: CodingKey { case a, b }

        func encode(to encoder: Encoder) throws {
            var list = encoder.unkeyedContainer()
            try list.encode(1)
            var object = list.nestedContainer(keyedBy: Key.self)
            var inner = list.nestedUnkeyedContainer()
            try object.encode("x", forKey: .b)
            try object.encode(2, forKey: .a)
            try inner.encode("y")
            try list.encode("after")
            _ = list.nestedUnkeyedContainer()
        }
    }

    func testArraysStreamedWithNestedContainers() throws {
        for pretty in [true, false] {
            let value = [NestedInArray(), NestedInArray()]
            XCTAssertEqual(try streamed(value, pretty: pretty), try encoded(value, pretty: pretty), "pretty: \(pretty)")
        }
    }

    func testEveryControlCharacterEscapesAsJSONEncoderDoes() throws {
        let text = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        XCTAssertEqual(try streamed([text], pretty: false), try encoded([text], pretty: false))
    }

    func testTextGoesOutInPiecesNotWhole() throws {
        let big = (0..<20_000).map { "value \($0)" }
        var pieces: [Int] = []
        try JSONStreamWriter(pretty: true) { pieces.append($0.utf8.count) }.write(big)
        XCTAssertGreaterThan(pieces.count, 3)
        XCTAssertLessThan(pieces.max() ?? 0, 80 * 1024, "each piece about 64 KiB")
    }

    func testNaNIsRefused() {
        XCTAssertThrowsError(try streamed([Double.nan], pretty: false))
    }
}
