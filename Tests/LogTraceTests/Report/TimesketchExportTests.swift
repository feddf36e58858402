import Foundation
import XCTest
@testable import LogTrace

/// The event export, written a line at a time, holds the same bytes as one `JSONEncoder` object a line
/// (sorted keys, the numeric `timestamp` last), as it was made before it streamed.
final class TimesketchExportTests: XCTestCase {
    /// The export as it was built before: a dictionary per event through `JSONEncoder`.
    func reference(_ events: [Event]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ""
        for event in events where !event.untimed {
            var object: [String: String] = [:]
            for (name, value) in event.fields { object["field_" + name] = value }
            object["message"] = "\(event.service): \(event.kind.phrase): \(event.excerpt)"
            object["datetime"] = event.time.format(fractionDigits: 6)
            object["timestamp_desc"] = event.timeInherited ? "Log Time (inherited from previous record)" : "Log Time"
            object["kind"] = event.kind.rawValue
            object["pattern"] = event.patternID
            object["service"] = event.service
            object["pod"] = event.pod
            object["file"] = event.file
            object["line"] = String(event.line)
            object["evidence"] = event.evidence
            if let level = event.level { object["level"] = level }
            if let appTime = event.appTime { object["app_datetime"] = appTime.format(fractionDigits: 6) }
            var data = try! encoder.encode(object)
            data.removeLast()
            out += String(decoding: data, as: UTF8.self) + ",\"timestamp\":\(event.time.nanoseconds / 1000)}\n"
        }
        return out
    }

    func testSameBytesAsOneEncodedObjectPerEvent() throws {
        for logs in JSONStreamWriterTests.recordedLogs {
            let scan = TestSupport.ingest(InputPaths.expand([TestSupport.repoRoot + "/" + logs])).scan
            XCTAssertGreaterThan(scan.events.count, 50, logs)
            XCTAssertTrue(scan.events.contains { $0.appTime != nil } || logs != "samples", "app times covered")
            XCTAssertEqual(TimesketchExport.lines(scan.events), reference(scan.events), logs)
        }
    }

    /// The command line's `--events` file, its bytes handed to `OutputFile` a piece at a time, holds
    /// the reference's bytes.
    func testExportFileHoldsTheReferenceBytes() throws {
        let dir = TestSupport.temporaryDirectory(self)
        for logs in ["samples", "bench/scenarios/json-logs/logs"] {
            let path = TestSupport.repoRoot + "/" + logs
            let result = TestSupport.logtrace(["ingest", "--quiet", "-o", dir + "/r.md", "--events", dir + "/e.jsonl", path])
            XCTAssertEqual(result.status, 0, result.stderr)
            let scan = TestSupport.ingest(InputPaths.expand([path])).scan
            XCTAssertGreaterThan(scan.events.count, 50, logs)
            XCTAssertEqual(String(decoding: TestSupport.readBytes(dir + "/e.jsonl"), as: UTF8.self), reference(scan.events), logs)
        }
    }

    func testEscapedTextAndInheritedTime() throws {
        let events = [
            Event(time: Timestamp(nanoseconds: 1_795_514_405_123_456_789), appTime: Timestamp(nanoseconds: 1_795_514_405_000_000_000),
                  kind: .connectFailed, patternID: "p\"1", service: "svc/a", pod: "pod\\b", file: "dir/f\n.log", line: 7,
                  level: "WARN", fields: ["client": "c\t1", "topic": "ø"], excerpt: "quote \" and \u{1} control",
                  timeInherited: true, untimed: false),
            Event(time: Timestamp(nanoseconds: 0), appTime: nil, kind: .reconnected, patternID: "p", service: "s", pod: "p",
                  file: "f", line: 1, level: nil, fields: [:], excerpt: "", timeInherited: false, untimed: true),
        ]
        let text = TimesketchExport.lines(events)
        XCTAssertEqual(text, reference(events))
        XCTAssertEqual(text.split(separator: "\n").count, 1, "the untimed event is left out")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(object["field_client"] as? String, "c\t1")
        XCTAssertEqual(object["timestamp"] as? Int, 1_795_514_405_123_456)
    }

    func testWrittenInPieces() {
        let event = Event(time: Timestamp(nanoseconds: 1_795_514_405_000_000_000), appTime: nil, kind: .reconnected, patternID: "p",
                          service: "s", pod: "p", file: "f", line: 1, level: nil, fields: [:], excerpt: "x", timeInherited: false, untimed: false)
        let events = Array(repeating: event, count: 5_000)
        var pieces: [Int] = []
        TimesketchExport.write(events, pieceBytes: 1 << 16) { pieces.append($0.utf8.count) }
        XCTAssertGreaterThan(pieces.count, 3)
        XCTAssertLessThan(pieces.max() ?? 0, 80 * 1024)
        var bytes: [UInt8] = []
        var ends: [UInt8] = []
        TimesketchExport.writeBytes(events, pieceBytes: 1 << 12) { piece in
            bytes += piece
            ends.append(piece.last ?? 0)
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), TimesketchExport.lines(events))
        XCTAssertTrue(ends.allSatisfy { $0 == UInt8(ascii: "\n") }, "each piece ends a line")
    }

    /// Lines longer than a piece (a long path and field) grow the buffer, and times at both ends of
    /// the range, before 1970 and across days keep `Timestamp.format`'s text: the same bytes as the encoder.
    func testLongLinesAndFarTimes() {
        let long = String(repeating: "x/ø", count: 3_000)
        let times: [Int64] = [-1_500, 0, 86_399_999_999_999, 86_400_000_000_000, -86_400_000_000_001,
                              1_795_514_405_123_456_789, .max, .min]
        let events = times.enumerated().map { n, nanos in
            Event(time: Timestamp(nanoseconds: nanos), appTime: n % 2 == 0 ? Timestamp(nanoseconds: nanos / 3) : nil,
                  kind: .connectFailed, patternID: "p", service: "s", pod: "p", file: n % 3 == 0 ? long : "f.log",
                  line: n * 1_000_003, level: nil, fields: ["topic": long], excerpt: "e", timeInherited: n % 2 == 1, untimed: false)
        }
        var pieces = 0
        var bytes: [UInt8] = []
        TimesketchExport.writeBytes(events, pieceBytes: 1 << 10) { bytes += $0; pieces += 1 }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), reference(events))
        XCTAssertEqual(pieces, events.count, "each line longer than a piece is a piece of its own")
    }

    /// A report run keeps no excerpts, an export run does: the reports are the same bytes either way.
    func testReportIsTheSameWithAndWithoutTheExport() throws {
        let dir = TestSupport.temporaryDirectory(self)
        for format in ["markdown", "json"] {
            let plain = TestSupport.logtrace(["ingest", "--format", format, "-o", dir + "/plain", "samples"])
            let exported = TestSupport.logtrace(["ingest", "--format", format, "-o", dir + "/exported", "--events", dir + "/e.jsonl", "samples"])
            XCTAssertEqual(plain.status, 0, plain.stderr)
            XCTAssertEqual(exported.status, 0, exported.stderr)
            XCTAssertEqual(TestSupport.readBytes(dir + "/plain"), TestSupport.readBytes(dir + "/exported"), format)
            let lines = try String(contentsOfFile: dir + "/e.jsonl", encoding: .utf8).split(separator: "\n")
            XCTAssertGreaterThan(lines.count, 200)
            XCTAssertTrue(lines.allSatisfy { $0.contains("\"message\":\"") && !$0.contains(": \",") }, "every message ends with its excerpt")
        }
    }
}
