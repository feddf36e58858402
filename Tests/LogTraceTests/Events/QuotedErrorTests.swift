import Foundation
import XCTest
@testable import LogTrace

/// An application's own failure line that quotes its library's error text counts as a failed record,
/// with the fate the library's source gives that error; the library's own lines do not.
final class QuotedErrorTests: XCTestCase {
    static let pack = """
    pack: t
    patterns:
      - id: quoted-failure
        kind: delivery_failed
        quoted: true
        fate: lost_unless_in_flight
        literal: 'kafka: Failed to produce message to topic '
        regex: 'kafka: Failed to produce message to topic (?<topic>[\\w.-]+): '
      - id: own-line
        kind: request_timeout
        in_flight: true
        literal: 'state change to [retrying]'
        regex: 'state change to \\[retrying\\] on (?<topic>[\\w.-]+)/(?<partition>\\d+)'
    """

    func match(_ patterns: PatternSet, _ text: String, level: String?) -> Event? {
        let matcher = EventMatcher(patterns: patterns)
        return Array(text.utf8).withUnsafeBytes { body in
            Array((level ?? "").utf8).withUnsafeBytes { levelBytes in
                let record = RecordView(text: body, firstLine: 1, lineCount: 1, envelopeTimestamp: nil, appTimestamp: nil,
                                        inheritedTimestamp: nil, level: level == nil ? nil : levelBytes, truncated: false)
                return matcher.match(record, service: "s", pod: "p", file: "f")
            }
        }
    }

    func testQuotedEntriesComeLastAndOnlyOnFailureLevels() throws {
        let patterns = try PatternSet(definitions: PatternFileParser.parse(yaml: Self.pack, file: "t.yaml"), files: ["t.yaml"])
        XCTAssertEqual(patterns.patterns.map(\.definition.id), ["own-line", "quoted-failure"], "quoted entries are tried last")
        let quote = "2026/12/03 10:12:01 order 00017 not delivered: kafka: Failed to produce message to topic orders: circuit breaker is open"
        XCTAssertEqual(match(patterns, quote, level: nil)?.fate, .lostUnlessInFlight)
        XCTAssertEqual(match(patterns, quote, level: "ERROR")?.kind, .deliveryFailed)
        XCTAssertNil(match(patterns, quote, level: "INFO"), "an INFO line quoting an error is no failed record")
        XCTAssertEqual(match(patterns, "producer/broker/111 state change to [retrying] on orders/0 because kafka: Failed to produce message to topic orders: x", level: nil)?.fate,
                       .unknown, "the library's own line is matched by its ordinary entry first")
    }

    func testKeysAreCheckedAtLoad() {
        let wrongKind = "pack: t\npatterns:\n  - id: a\n    kind: connect_failed\n    fate: lost\n    regex: 'x'\n"
        XCTAssertThrowsError(try PatternFileParser.parse(yaml: wrongKind, file: "t.yaml")) { error in
            XCTAssertTrue("\(error)".contains("'fate' goes on delivery_failed"), "\(error)")
        }
        let unknownFate = "pack: t\npatterns:\n  - id: a\n    kind: delivery_failed\n    fate: maybe\n    regex: 'x'\n"
        XCTAssertThrowsError(try PatternFileParser.parse(yaml: unknownFate, file: "t.yaml")) { error in
            XCTAssertTrue("\(error)".contains("unknown fate"), "\(error)")
        }
        let inFlightElsewhere = "pack: t\npatterns:\n  - id: a\n    kind: disconnected\n    in_flight: true\n    regex: 'x'\n"
        XCTAssertThrowsError(try PatternFileParser.parse(yaml: inFlightElsewhere, file: "t.yaml"))
    }

    /// A Sarama application that logs each error of its `Errors()` channel in its own words (recorded):
    /// every failed record it was told of is one quoted delivery failure, and nothing else counts.
    func testRecordedWrappedSaramaErrors() throws {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestSupport.repoRoot + "/bench/scenarios/wrapped-errors/truth.json"))) as! [String: Any]
        let orders = (truth["services"] as! [[String: Any]]).first { $0["service"] as? String == "orders-api" }!
        let path = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: TestSupport.repoRoot + "/bench/scenarios/wrapped-errors/logs")
            .first { $0.hasPrefix("orders-api-") })
        let scan = Pipeline().scan([TestSupport.repoRoot + "/bench/scenarios/wrapped-errors/logs/" + path], patterns: TestSupport.defaultPatterns)
        let failures = scan.events.filter { $0.kind == .deliveryFailed }
        XCTAssertEqual(failures.count, orders["failed"] as? Int)
        XCTAssertTrue(failures.allSatisfy { $0.fate == .lostUnlessInFlight })
    }
}
