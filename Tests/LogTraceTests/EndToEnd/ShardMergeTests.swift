import Foundation
import XCTest
@testable import LogTrace

/// Sharded runs as a Kubernetes Indexed Job would make them: N processes with JOB_COMPLETION_INDEX set,
/// each writing a partial result, merged in any order into the byte-identical report of one run.
final class ShardMergeTests: XCTestCase {
    /// A few hundred pod logs from two outages an hour apart, across many services and pods.
    static func makeArchive(_ dir: String) -> [String] {
        var paths: [String] = []
        for i in 0..<240 {
            let service = ["orders", "payments", "billing", "search", "inventory", "mailer"][i % 6] + "-service"
            let pod = "\(service)-7d9f8c6b5-\(["x2k4p", "h6jkl", "q2w8r", "z7m4k"][i % 4])\(i % 10)".replacingOccurrences(of: "-service-", with: "-svc\(i / 24)-")
            var text = ""
            for outage in [0, 3600] {
                for k in 0..<(1 + i % 3) {
                    let s = outage + 5 + (i * 7 + k * 11) % 50
                    let stamp = String(format: "2026-11-24T%02d:%02d:%02d.%03dZ", 10 + s / 3600, s / 60 % 60, s % 60, (i * 37 + k) % 1000)
                    text += "\(stamp) \(stamp)  WARN 1 --- [\(service)] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=\(service)-producer-1] Connection to node 1 (kafka/10.244.1.17:9092) could not be established. Node may not be available.\n"
                }
                if i % 40 == 0 {
                    let stamp = String(format: "2026-11-24T%02d:00:%02d.500Z", 10 + outage / 3600, 40 + i % 10)
                    // Spring's LoggingProducerListener: header, blank line, the exception, blank line.
                    text += "\(stamp) \(stamp) ERROR 1 --- [\(service)] [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='k-\(i)' and payload='{}' to topic \(service)-events:\n"
                    text += "\(stamp) \n"
                    text += "\(stamp) org.apache.kafka.common.errors.TimeoutException: Expiring \(1 + i % 4) record(s) for \(service)-events-\(i % 3):30011 ms has passed since batch creation\n"
                    text += "\(stamp) \n"
                }
            }
            let path = dir + "/\(pod).log"
            TestSupport.write(text, to: path)
            paths.append(path)
        }
        return paths
    }

    func shardAndMerge(_ inputs: [String], root: String, shards: Int, order: (Int) -> [Int], dir: String) -> (status: Int32, stdout: String, stderr: String) {
        for index in 0..<shards {
            let result = TestSupport.run("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", TestSupport.repoRoot, TestSupport.logtraceBinary,
                                                     "ingest", "--shard", "auto", "--root", root, "--partial", dir + "/part-\(shards)-\(index).json.gz"] + inputs,
                                         environment: ["JOB_COMPLETION_INDEX": "\(index)", "JOB_COMPLETIONS": "\(shards)"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        return TestSupport.logtrace(["merge", "--format", "json"] + order(shards).map { dir + "/part-\(shards)-\($0).json.gz" })
    }

    func testMergedShardsEqualOneRunForAnyNAndOrder() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let archive = dir + "/archive"
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        _ = Self.makeArchive(archive)
        for (inputs, root) in [(["samples"], "samples"), ([archive], archive)] {
            let single = TestSupport.logtrace(["ingest", "--format", "json"] + inputs)
            XCTAssertEqual(single.status, 0)
            let report = try JSONDecoder().decode(Report.self, from: Data(single.stdout.utf8))
            if root == archive {
                XCTAssertEqual(report.inputs.totals.files, 240)
                XCTAssertEqual(report.incidents.count, 2, "two outages an hour apart")
            }
            for shards in [1, 2, 3, 7] {
                let forward = shardAndMerge(inputs, root: root, shards: shards, order: { Array(0..<$0) }, dir: dir)
                XCTAssertEqual(forward.status, 0, forward.stderr)
                XCTAssertEqual(forward.stdout, single.stdout, "\(shards) shards over \(root)")
                let shuffled = TestSupport.logtrace(["merge", "--format", "json"] + (0..<shards).reversed().map { dir + "/part-\(shards)-\($0).json.gz" })
                XCTAssertEqual(shuffled.stdout, single.stdout, "\(shards) shards merged in reverse order")
            }
        }
    }

    /// Copies of one pod's records in files that the shard plan puts on different shards: each shard
    /// writes every event it read, and the merge counts each record once, so any N and order give the
    /// bytes of one run, overlaps included.
    func testOverlappingCopiesOnDifferentShardsAreCountedOnceAtTheMerge() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let archive = dir + "/archive"
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/samples", toPath: archive)
        let notification = try XCTUnwrap(Pipeline.inputs([archive]).first { $0.contains("/notification-service/") })
        TestSupport.writeBytes(PodCopies.kubectl(fromCRI: PodCopies.lines(of: notification)), to: archive + "/notification-service-5c8f7d9b4-h6jkl.log")
        let shopping = PodCopies.lines(of: archive + "/shopping-service-7d9f8c6b5-x2k4p.log.gz")
        TestSupport.writeBytes(PodCopies.cri(fromKubectl: shopping), to: PodCopies.criPath(root: archive, pod: "shopping-service-7d9f8c6b5-x2k4p"))
        TestSupport.writeBytes(PodCopies.lines(of: archive + "/kafka-6d8f9c7b5-q2w8r.log.gz").flatMap { $0 + [0x0A] }, to: archive + "/kafka-6d8f9c7b5-q2w8r.log")

        let single = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", archive])
        XCTAssertEqual(single.status, 0, single.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
        let inputs = report["inputs"] as? [String: Any]
        XCTAssertEqual((inputs?["overlaps"] as? [Any])?.count, 3)
        XCTAssertGreaterThan(((inputs?["totals"] as? [String: Any])?["duplicateEvents"] as? Int) ?? 0, 0)
        XCTAssertEqual(PodCopies.loss(report), PodCopies.loss(PodCopies.report(["samples"])))

        let files = try Pipeline.inputs([archive])
        let pairs = (inputs?["overlaps"] as? [[String: Any]] ?? []).compactMap { o in (o["kept"] as? String).flatMap { k in (o["copy"] as? String).map { (k, $0) } } }
        var split = 0
        for shards in [1, 2, 3, 7] {
            let plan = ShardPlan(index: 0, count: shards, root: archive).assignment(files)
            let key = ShardPlan(index: 0, count: shards, root: archive).key
            split += pairs.filter { plan[key($0.0)] != plan[key($0.1)] }.count
            let forward = shardAndMerge([archive], root: archive, shards: shards, order: { Array(0..<$0) }, dir: dir)
            XCTAssertEqual(forward.status, 0, forward.stderr)
            XCTAssertEqual(forward.stdout, single.stdout, "\(shards) shards")
            let reversed = TestSupport.logtrace(["merge", "--format", "json"] + (0..<shards).reversed().map { dir + "/part-\(shards)-\($0).json.gz" })
            XCTAssertEqual(reversed.stdout, single.stdout, "\(shards) shards merged in reverse order")
        }
        XCTAssertGreaterThan(split, 0, "some copies were read by another shard than the file they copy")
        let markdown = TestSupport.logtrace(["merge"] + (0..<3).map { dir + "/part-3-\($0).json.gz" })
        XCTAssertEqual(markdown.stdout, TestSupport.logtrace(["ingest", "--quiet", archive]).stdout)
        XCTAssertEqual(MarkdownTable.all(in: markdown.stdout).first { $0.heading == "Overlapping copies" }?.table.rows.count, 3)
    }

    func testDuplicateMissingAndForeignShardsAreErrors() throws {
        let dir = TestSupport.temporaryDirectory(self)
        _ = shardAndMerge(["samples"], root: "samples", shards: 3, order: { Array(0..<$0) }, dir: dir)
        let p = (0..<3).map { dir + "/part-3-\($0).json.gz" }
        let duplicate = TestSupport.logtrace(["merge", p[0], p[1], p[2], p[1]])
        XCTAssertEqual(duplicate.status, 2)
        XCTAssertTrue(duplicate.stderr.contains("shard 1/3 appears twice"), duplicate.stderr)
        let missing = TestSupport.logtrace(["merge", p[0], p[2]])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("missing shard 1/3"), missing.stderr)
        let allowed = TestSupport.logtrace(["merge", "--allow-missing", p[2], p[0]])
        XCTAssertEqual(allowed.status, 1)
        let summary = MarkdownTable.all(in: allowed.stdout).first { $0.heading == "Summary" }?.table
        XCTAssertEqual(summary?.rows.first { $0[0] == "**Missing shards**" }?[1], "**1/3**: their files are not in this report")
        _ = shardAndMerge(["samples/kafka-6d8f9c7b5-q2w8r.log.gz"], root: "samples", shards: 2, order: { Array(0..<$0) }, dir: dir)
        let foreign = TestSupport.logtrace(["merge", p[0], p[1], p[2], dir + "/part-2-0.json.gz"])
        XCTAssertEqual(foreign.status, 2)
        XCTAssertTrue(foreign.stderr.contains("not the same job"), foreign.stderr)
        TestSupport.write("{\"schema\":\"logtrace-partial/0\"}", to: dir + "/old.json")
        let old = TestSupport.logtrace(["merge", dir + "/old.json"])
        XCTAssertEqual(old.status, 2)
        XCTAssertTrue(old.stderr.contains("partial format 'logtrace-partial/0', but this logtrace reads 'logtrace-partial/5'"), old.stderr)
        // A partial cut short (a shard killed mid-write) is named, not merged.
        let whole = TestSupport.readBytes(p[0])
        TestSupport.writeBytes(Array(whole.prefix(whole.count / 2)), to: dir + "/cut.json.gz")
        let cut = TestSupport.logtrace(["merge", "--allow-missing", dir + "/cut.json.gz", p[1]])
        XCTAssertEqual(cut.status, 2)
        XCTAssertTrue(cut.stderr.contains("cut.json.gz"), cut.stderr)
    }

    /// A partial is JSON Lines: a header, then one line per file summary and per event, each a JSON object
    /// of its own (so neither side holds the whole partial's JSON).
    func testPartialIsOneLinePerFileAndEvent() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let run = TestSupport.logtrace(["ingest", "--quiet", "--shard", "0/1", "--partial", dir + "/part.json", "samples/"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = String(decoding: TestSupport.readBytes(dir + "/part.json"), as: UTF8.self).split(separator: "\n")
        let objects = try lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.first?["schema"] as? String, "logtrace-partial/5")
        XCTAssertEqual((objects.first?["shard"] as? [String: Any])?["files"] as? Int, 5)
        XCTAssertEqual(objects.filter { $0["file"] != nil }.count, 5)
        let events = objects.filter { $0["event"] != nil }.count
        let json = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "samples/"])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(events, ((report["inputs"] as? [String: Any])?["totals"] as? [String: Any])?["events"] as? Int)
        XCTAssertEqual(objects.count, 1 + 5 + events + 1, "and the trailer")
        XCTAssertNotNil(objects.last?["trailer"])
        let merged = TestSupport.logtrace(["merge", dir + "/part.json"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stdout, TestSupport.logtrace(["ingest", "--quiet", "samples/"]).stdout)
    }

    func testShardAssignmentIgnoresArgumentOrderAndBalancesBySize() {
        let plan = ShardPlan(index: 0, count: 3, root: "/logs")
        let paths = (0..<30).map { "/logs/pod-\($0).log.gz" }
        let sizes = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, Int64(1000 + $0 * 100)) })
        let a = plan.assignment(paths) { sizes[$0]! }
        let b = plan.assignment(paths.reversed()) { sizes[$0]! }
        XCTAssertEqual(a, b)
        var load = [Int64](repeating: 0, count: 3)
        for (key, shard) in a { load[shard] += sizes["/logs/" + key]! }
        XCTAssertLessThan(load.max()! - load.min()!, 3000, "balanced by size: \(load)")
        XCTAssertEqual(ShardPlan(index: 0, count: 3, root: "/other").key("/logs/a.log"), "/logs/a.log")
        XCTAssertEqual(plan.key("/logs/sub/a.log"), "sub/a.log")
        XCTAssertNil(ShardPlan.parse("3/3", count: nil, root: nil, environment: [:]))
        XCTAssertEqual(ShardPlan.parse("auto", count: nil, root: nil, environment: ["JOB_COMPLETION_INDEX": "2", "JOB_COMPLETIONS": "4"])?.index, 2)
        XCTAssertNil(ShardPlan.parse("auto", count: nil, root: nil, environment: ["JOB_COMPLETION_INDEX": "2"]))
    }
}
