import Foundation
import XCTest
@testable import LogTrace

/// A partial holds every event its shard read, copies included, each with its record's content hash,
/// so that the merge, not the shard, decides which events are copies of another file's.
final class PartialCopiesTests: XCTestCase {
    func testPartialKeepsTheCopiesAndTheirHashesForTheMerge() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let gz = TestSupport.repoRoot + "/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz"
        let text = TestSupport.run("/bin/sh", ["-c", "gzip -dc \"$0\"", gz]).stdout
        TestSupport.writeBytes(text, to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        TestSupport.writeBytes(TestSupport.gzip(text), to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log.gz")
        let paths = try Pipeline.inputs([dir])
        var options = PipelineOptions()
        options.jobs = 1
        let scan = Pipeline(options: options).scan(paths, patterns: TestSupport.defaultPatterns)
        XCTAssertEqual(scan.events.count, scan.copies.count, "the gzip copy holds every event of the plain file")
        XCTAssertEqual(scan.overlaps.map(\.copy), [dir + "/shopping-service-7d9f8c6b5-x2k4p.log.gz"])

        let shard = ShardPlan(index: 0, count: 1)
        try Pipeline.partial(scan, shard: shard, allPaths: paths, readFiles: paths.count, patterns: TestSupport.defaultPatterns)
            .write(to: dir + "/part.json")
        let lines = String(decoding: TestSupport.readBytes(dir + "/part.json"), as: UTF8.self).split(separator: "\n")
        let events = try lines.compactMap { try (JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["event"] as? [String: Any] }
        XCTAssertEqual(events.count, scan.allEvents.count)
        XCTAssertTrue(events.allSatisfy { ($0["contentHash"] as? String)?.count == 16 }, "every timed event carries its hash")

        let read = try PartialResult.read(from: dir + "/part.json")
        XCTAssertEqual(read.result.events.count, scan.allEvents.count, "read back as one pool")
        let (merged, _, missing) = try PartialResult.merge([(dir + "/part.json", read)], allowMissing: false)
        XCTAssertTrue(missing.isEmpty)
        XCTAssertEqual(merged.events, scan.events)
        XCTAssertEqual(merged.copies, scan.copies)
        XCTAssertEqual(merged.overlaps, scan.overlaps)
    }
}
