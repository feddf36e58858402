import Foundation
import XCTest
@testable import LogTrace

/// `ingest --explain FILE:LINE` on the samples: the record holding the line, how it was read, the
/// entry that matched with its captures, the near-misses; a line past the end is a usage error.
final class ExplainLineTests: XCTestCase {
    static let shopping = "samples/shopping-service-7d9f8c6b5-x2k4p.log.gz"

    /// Line 113 is the third line of a Spring `LoggingProducerListener` record (lines 111-114): the
    /// Java client's batch expiry wins, with the count and partition the report counts.
    func testContinuationLineShowsItsRecordTheWinnerAndNearMisses() throws {
        let result = TestSupport.logtrace(["ingest", "--explain", Self.shopping + ":113"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "\(Self.shopping): envelope kubectl, layout spring-boot, service shopping-service, pod shopping-service-7d9f8c6b5-x2k4p")
        XCTAssertEqual(lines[1], "line 113: line 3 of the record at lines 111-114 (4 lines joined: a header and its continuation lines)")
        XCTAssertTrue(lines[2].hasPrefix("  time     2026-11-24T10:00:30.024514585Z  envelope 2026-11-24T10:00:30.024514585Z"), lines[2])
        XCTAssertEqual(lines[3], "  level    ERROR")
        let matched = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("matched  ") })
        XCTAssertTrue(lines[matched].hasPrefix("matched  java-batch-expired (batch_expired, "), lines[matched])
        let fields = Dictionary(uniqueKeysWithValues: lines[(matched + 1)...].prefix { $0.hasPrefix("           ") }.map { line -> (String, String) in
            let parts = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " = ")
            return (parts[0], parts[1])
        })
        XCTAssertEqual(fields["count"], "3")
        XCTAssertEqual(fields["topic"], "orders")
        XCTAssertEqual(fields["partition"], "0")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  near-miss java-delivery-timeout (delivery_failed, ") && $0.hasSuffix(": literal 'org.apache.kafka.common.errors.TimeoutException' present, regex does not match") },
                      result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  also matches spring-delivery-failed (") }, result.stdout)

        // The winner is the event the report cites for that record.
        let report = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--format", "json", "samples"]).stdout.utf8))
        XCTAssertTrue(report.incidents.flatMap(\.lost.items).flatMap(\.evidence).contains(Self.shopping + ":111"))
    }

    func testUnmatchedLineSaysNoLiteralIsThere() {
        let result = TestSupport.logtrace(["ingest", "--explain", Self.shopping + ":3"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\nline 3: a record of one line\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\nmatched  no entry\n  none of the \(TestSupport.defaultPatterns.patterns.count) entries' literals is in the record: the scan skips it unread\n"), result.stdout)
    }

    func testLinePastTheEndAndMissingFile() {
        let past = TestSupport.logtrace(["ingest", "--explain", Self.shopping + ":99999"])
        XCTAssertEqual(past.status, 2)
        XCTAssertTrue(past.stdout.hasSuffix("line 99999: not in the file, which has 244 lines\n"), past.stdout)
        XCTAssertTrue(past.stderr.contains("logtrace: error: \(Self.shopping) has no line 99999: it has 244"), past.stderr)
        let missing = TestSupport.logtrace(["ingest", "--explain", "samples/no-such.log:4"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("samples/no-such.log: not found"), missing.stderr)
    }

    func testTargetParsing() {
        XCTAssertEqual(LineExplanation.target("a/b.log:68")?.path, "a/b.log")
        XCTAssertEqual(LineExplanation.target("a/b.log:68")?.line, 68)
        XCTAssertNil(LineExplanation.target("a/b.log"))
        XCTAssertNil(LineExplanation.target("a/b.log:0"))
        XCTAssertNil(LineExplanation.target("a/b.log:6x"))
        XCTAssertNil(LineExplanation.target(":5"))
    }
}
