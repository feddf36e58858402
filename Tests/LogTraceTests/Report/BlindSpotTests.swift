import Foundation
import XCTest
@testable import LogTrace

/// "What these logs cannot tell" reads each pod's log as one, over all its files: a rotated file and the
/// live one cover the incident together, and only a stretch between them is a hole.
final class BlindSpotTests: XCTestCase {
    /// The samples' shopping-service log split at line 100 (T+22 s) into a rotated file (`.1`) and the live
    /// one, with lines `drop` left out between them.
    func spots(droppingLines drop: Int) throws -> [Report.BlindSpot] {
        let dir = TestSupport.temporaryDirectory(self)
        let plain = TestSupport.run("/bin/sh", ["-c", "gzip -dc \"$0\"", TestSupport.repoRoot + "/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz"])
        let lines = String(decoding: plain.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines[..<100].joined(separator: "\n") + "\n"
        let rest = lines[(100 + drop)...].joined(separator: "\n")
        try first.write(toFile: dir + "/shopping-service-7d9f8c6b5-x2k4p.log.1", atomically: true, encoding: .utf8)
        try rest.write(toFile: dir + "/shopping-service-7d9f8c6b5-x2k4p.log", atomically: true, encoding: .utf8)
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", dir])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        return try XCTUnwrap(report.incidents.first).blindSpots
    }

    func testARotatedFileAndTheLiveOneAreOneLog() throws {
        let spots = try spots(droppingLines: 0)
        XCTAssertFalse(spots.contains { $0.what.hasPrefix("shopping-service: its log") }, "\(spots.map(\.what))")
    }

    func testAStretchMissingBetweenTwoFilesIsAHole() throws {
        let spots = try spots(droppingLines: 50)
        let holes = spots.filter { $0.what.hasPrefix("shopping-service: its log has a hole") }
        XCTAssertEqual(holes.count, 1, "\(spots.map(\.what))")
        XCTAssertEqual(holes.first?.files.map { URL(fileURLWithPath: $0).lastPathComponent },
                       ["shopping-service-7d9f8c6b5-x2k4p.log.1", "shopping-service-7d9f8c6b5-x2k4p.log"])
        XCTAssertFalse(spots.contains { $0.what.hasPrefix("shopping-service: its log starts") || $0.what.hasPrefix("shopping-service: its log ends") })
    }

    /// go-freeze: the three producers log `Done: sent=200 ...` and exit 0.13 s before a consumer's late
    /// rejoin ends the incident; nothing was unseen, so their logs' ends are no blind spot. A log that
    /// ends 10 s or more inside the incident still is one (the samples' broker pod, deleted at T+47 s).
    func testALogEndingJustBeforeTheIncidentsEndIsNoBlindSpot() throws {
        let go = TestSupport.ingest(InputPaths.expand([TestSupport.repoRoot + "/bench/scenarios/go-freeze/logs"])).report
        let spots = try XCTUnwrap(go.incidents.first).blindSpots
        XCTAssertFalse(spots.contains { $0.what.contains("its log ends at") }, "\(spots.map(\.what))")
        let samples = TestSupport.ingest(InputPaths.expand([TestSupport.repoRoot + "/samples"])).report
        XCTAssertTrue(samples.incidents.flatMap(\.blindSpots).contains { $0.what.hasPrefix("kafka: its log ends at") },
                      "\(samples.incidents.flatMap(\.blindSpots).map(\.what))")
    }
}
