import Foundation
import XCTest
@testable import LogTrace

/// A pod that stops logging for good before the archive ends is how a crashed or deleted pod shows.
final class StoppedPodTests: XCTestCase {
    /// The samples' broker pod is deleted (the runbook's chaos step) and Kubernetes starts another: the
    /// old pod's log ends nearly three minutes before the archive's, and its replacement is named.
    func testTheSamplesDeletedBrokerPodStoppedAndWasReplaced() throws {
        let (report, _) = TestSupport.ingest(try Pipeline.inputs([TestSupport.repoRoot + "/samples"]))
        let markdown = MarkdownReport.render(report)
        let table = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.heading == "Pods that stopped logging" }?.table)
        XCTAssertEqual(table.header, ["Service", "Pod", "Last line (UTC)", "Before the archive's end", "Replaced by", "Evidence"])
        XCTAssertEqual(table.rows.map { Array($0[0..<5]) }, [["kafka", "kafka-6d8f9c7b5-q2w8r", "10:00:05.617", "2 min 58 s", "kafka-6d8f9c7b5-z7m4k"]])
        let stopped = try XCTUnwrap(report.stoppedPods.first)
        // The evidence is the old pod's last line: its file's line count.
        let file = try XCTUnwrap(report.inputs.files.first { $0.pod == "kafka-6d8f9c7b5-q2w8r" })
        XCTAssertEqual(stopped.evidence, "\(file.path):\(file.lines)")
    }

    /// Pods that all log to the end of the archive, as in every recorded scenario, stopped nowhere.
    func testPodsLoggingToTheEndDidNotStop() throws {
        let (report, _) = TestSupport.ingest(try Pipeline.inputs([TestSupport.repoRoot + "/bench/scenarios/single-outage/logs"]))
        XCTAssertEqual(report.stoppedPods.count, 0)
        XCTAssertFalse(MarkdownReport.render(report).contains("## Pods that stopped logging"))
    }
}
