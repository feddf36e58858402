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
        var pieces: [Int] = []
        TimesketchExport.write(Array(repeating: event, count: 5_000)) { pieces.append($0.utf8.count) }
        XCTAssertGreaterThan(pieces.count, 3)
        XCTAssertLessThan(pieces.max() ?? 0, 80 * 1024)
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
