import Foundation
import XCTest
@testable import LogTrace

/// `--since` / `--until` as a user gives them to `ingest` and `merge`: range-checked, applied to the
/// events after matching, said in the report, and the same report from one run as from merged shards.
final class TimeWindowCommandLineTests: XCTestCase {
    func testBadBoundsAreUsageErrorsNamingTheOption() {
        let cases: [([String], String)] = [
            (["--since", "yesterday"], "--since takes an RFC 3339 time like 2026-11-24T10:00:05Z or an offset from the first record like +90s or +5m, got 'yesterday'"),
            (["--until", "+5"], "--until takes an RFC 3339 time"),
            (["--until", "+400d"], "--until takes an offset of at most a year (+365d), got '+400d'"),
            (["--since", "+10m", "--until", "+5m"], "--since +10m is after --until +5m: no event could be in the window"),
            (["--since", "2026-11-24T10:10:00Z", "--until", "2026-11-24T10:05:00Z"], "is after --until"),
            (["--since", "+5m", "--shard", "0/2", "--partial", "/tmp/p.json"], "--since and --until go on 'logtrace merge'"),
        ]
        for (arguments, message) in cases {
            let result = TestSupport.logtrace(["ingest"] + arguments + ["samples"])
            XCTAssertEqual(result.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
            XCTAssertEqual(result.stdout, "")
        }
        XCTAssertEqual(TestSupport.logtrace(["merge", "--since", "soon", "p.json"]).status, 2)
    }

    /// Two outages an hour apart: `--until +30m` keeps the first, `--since +30m` the second; the
    /// report says which window it applied and how many events it left out, the input table still
    /// counts every file in full, and merged shards give the byte-identical report.
    func testWindowSelectsAnOutageAndMergeAgrees() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let archive = dir + "/archive"
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        _ = ShardMergeTests.makeArchive(archive)
        let whole = try decode(TestSupport.logtrace(["ingest", "--format", "json", archive]))
        XCTAssertEqual(whole.incidents.count, 2)
        XCTAssertNil(whole.summary.timeWindow)

        let firstRun = TestSupport.logtrace(["ingest", "--format", "json", "--until", "+30m", archive])
        XCTAssertEqual(firstRun.status, 0, firstRun.stderr)
        let first = try decode(firstRun)
        XCTAssertEqual(first.incidents.map(\.t0), [whole.incidents[0].t0])
        let window = try XCTUnwrap(first.summary.timeWindow)
        XCTAssertEqual(window.untilArgument, "+30m")
        XCTAssertNil(window.since)
        let firstRecord = try XCTUnwrap(whole.inputs.files.compactMap(\.firstTime).min())
        XCTAssertEqual(window.firstRecord, firstRecord.iso8601)
        XCTAssertEqual(window.until, firstRecord.adding(seconds: 1800).iso8601)
        let secondEvents = whole.incidents[1].services.reduce(0) { $0 + $1.failures }
        XCTAssertGreaterThanOrEqual(window.eventsLeftOut, secondEvents)
        XCTAssertEqual(first.inputs.totals.events, whole.inputs.totals.events, "every file is still read in full")
        XCTAssertTrue(firstRun.stderr.contains("logtrace: time window the first record to \(window.until!) (--until +30m), \(window.eventsLeftOut) matched events outside left out"), firstRun.stderr)

        let secondRun = TestSupport.logtrace(["ingest", "--format", "json", "--since", "+30m", archive])
        let second = try decode(secondRun)
        XCTAssertEqual(second.incidents.map(\.t0), [whole.incidents[1].t0])
        XCTAssertEqual(second.summary.timeWindow?.since, firstRecord.adding(seconds: 1800).iso8601)
        XCTAssertGreaterThan(second.summary.timeWindow?.eventsLeftOut ?? 0, 0)

        for shards in [1, 3] {
            for index in 0..<shards {
                let result = TestSupport.run("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", TestSupport.repoRoot, TestSupport.logtraceBinary,
                                                         "ingest", "--shard", "\(index)/\(shards)", "--root", archive, "--partial", dir + "/part-\(index).json.gz", archive])
                XCTAssertEqual(result.status, 0, result.stderr)
            }
            let merged = TestSupport.logtrace(["merge", "--format", "json", "--since", "+30m"] + (0..<shards).reversed().map { dir + "/part-\($0).json.gz" })
            XCTAssertEqual(merged.status, 0, merged.stderr)
            XCTAssertEqual(merged.stdout, secondRun.stdout, "\(shards) shards merged with the window")
        }
    }

    /// An absolute window around the samples' outage keeps it; one before any record keeps nothing.
    func testAbsoluteWindowOnTheSamples() throws {
        let whole = try decode(TestSupport.logtrace(["ingest", "--format", "json", "samples"]))
        let incident = try XCTUnwrap(whole.incidents.first)
        let kept = try decode(TestSupport.logtrace(["ingest", "--format", "json", "--since", whole.summary.windowStart!, "--until", whole.summary.windowEnd!, "samples"]))
        XCTAssertEqual(kept.incidents.map(\.t0), [incident.t0])
        XCTAssertEqual(kept.summary.lostRecords, whole.summary.lostRecords)
        let none = try decode(TestSupport.logtrace(["ingest", "--format", "json", "--until", "2001-01-01T00:00:00Z", "samples"]))
        XCTAssertEqual(none.incidents.count, 0)
        XCTAssertEqual(none.summary.timeWindow?.eventsLeftOut, whole.inputs.totals.events)
    }

    /// `--events` exports what the report correlates: only the events inside the window.
    func testTheEventExportKeepsToTheWindow() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let whole = try decode(TestSupport.logtrace(["ingest", "--format", "json", "samples"]))
        let timeline = try XCTUnwrap(whole.incidents.first?.timeline)
        let start = timeline[timeline.count / 2].time
        let windowed = try decode(TestSupport.logtrace(["ingest", "--format", "json", "--until", start, "--events", dir + "/events.jsonl", "samples"]))
        let lines = try String(contentsOfFile: dir + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        let times = try lines.map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try XCTUnwrap(object["datetime"] as? String)
        }
        XCTAssertFalse(times.isEmpty)
        XCTAssertTrue(times.allSatisfy { $0 <= start.replacingOccurrences(of: "Z", with: "000Z") }, "\(times.suffix(3)) after \(start)")
        XCTAssertEqual(lines.count, whole.inputs.totals.events - (windowed.summary.timeWindow?.eventsLeftOut ?? 0))
    }

    func decode(_ result: (status: Int32, stdout: String, stderr: String), file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        XCTAssertLessThanOrEqual(result.status, 1, result.stderr, file: file, line: line)
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }
}
