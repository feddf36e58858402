import Foundation
import XCTest
@testable import LogTrace

/// A partial is written to a temporary file beside the target and renamed over it only when whole, so a
/// shard that fails or is killed mid-write never leaves a partial at the target that looks whole.
final class PartialWriteTests: XCTestCase {
    /// A write that fails midway (here the file-size limit, as a full disk would) leaves the previous
    /// partial at the target untouched and no temporary file; a shard killed mid-write (SIGXFSZ) leaves
    /// no partial at the target either, only its temporary file, which merge refuses.
    func testFailedOrKilledWriteLeavesNoPartialAtTheTarget() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let target = dir + "/part.json"
        func ingest(_ limit: String, shard: String = "0/1") -> (status: Int32, stderr: String) {
            let run = TestSupport.run("/bin/sh", ["-c", limit + " cd \"$0\" && exec \"$@\"", TestSupport.repoRoot, TestSupport.logtraceBinary,
                                                  "ingest", "--quiet", "--shard", shard, "--partial", target, "samples/"])
            return (run.status, run.stderr)
        }
        XCTAssertEqual(ingest("", shard: "0/2").status, 0)
        let old = TestSupport.readBytes(target)
        XCTAssertGreaterThan(old.count, 16 << 10, "the partial is larger than the 8 KiB limit below")
        // dash's ulimit -f counts 512-byte blocks: 8 KiB.
        let failed = ingest("trap '' XFSZ; ulimit -f 16;")
        XCTAssertEqual(failed.status, 3, "could not write: \(failed.stderr)")
        XCTAssertTrue(failed.stderr.contains(target), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("File too large"), failed.stderr)
        XCTAssertEqual(TestSupport.readBytes(target), old, "the previous partial is left intact")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["part.json"], "the temporary file is removed")

        let killed = ingest("ulimit -f 16;")
        XCTAssertNotEqual(killed.status, 0)
        XCTAssertEqual(TestSupport.readBytes(target), old, "the previous partial is left intact")
        try FileManager.default.removeItem(atPath: target)
        let killedAgain = ingest("ulimit -f 16;")
        XCTAssertNotEqual(killedAgain.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "no partial that looks whole at the target")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        // (Where SIGXFSZ is ignored on entry, the run ends in the error path above instead, leaving nothing.)
        if killedAgain.status == SIGXFSZ { XCTAssertFalse(left.isEmpty, "a killed writer leaves its temporary file") }
        for name in left {
            XCTAssertTrue(name.hasPrefix(".part.json."), name)
            let merged = TestSupport.logtrace(["merge", dir + "/" + name])
            XCTAssertEqual(merged.status, 2, merged.stderr)
            XCTAssertTrue(merged.stderr.contains(dir + "/" + name), merged.stderr)
        }
    }

    /// Writing into a folder that does not exist, or over a folder, fails naming the file and why, and
    /// leaves nothing behind.
    func testWriteErrorsNameTheFile() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let samples = TestSupport.repoRoot + "/samples"
        let paths = try Pipeline.inputs([samples])
        let scan = TestSupport.ingest(paths).scan
        let partial = Pipeline.partial(scan, shard: ShardPlan(index: 0, count: 1, root: samples), allPaths: paths, readFiles: paths.count,
                                       patterns: TestSupport.defaultPatterns)
        let missing = dir + "/no-such-folder/part.json"
        XCTAssertThrowsError(try partial.write(to: missing)) { error in
            XCTAssertTrue("\(error)".contains(missing), "\(error)")
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
        let folder = dir + "/a-folder.json"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try partial.write(to: folder)) { error in
            XCTAssertTrue("\(error)".contains(folder), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["a-folder.json"], "no temporary file is left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        let cli = TestSupport.logtrace(["ingest", "--quiet", "--shard", "0/1", "--partial", missing, "samples/"])
        XCTAssertEqual(cli.status, 3, "could not write")
        XCTAssertTrue(cli.stderr.contains(missing), cli.stderr)
        // And a good write reads back whole.
        try partial.write(to: dir + "/part.json.gz")
        let back = try PartialResult.read(from: dir + "/part.json.gz")
        XCTAssertEqual(back.result.events.count, scan.events.count)
        XCTAssertEqual(back.result.files.count, 5)
    }
}
