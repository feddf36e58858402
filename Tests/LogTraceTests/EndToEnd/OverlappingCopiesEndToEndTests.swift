import Foundation
import XCTest
@testable import LogTrace

/// Issue 14, "each record counted once": an archive holding two copies of a pod's log (kubectl and CRI,
/// plain and gzip, rotated files that overlap) gives the loss of one copy, and the report names the files
/// that overlapped and the events it counted once. Run as a user runs logtrace, on recorded outages and
/// samples/, read back through JSONSerialization and the Markdown tables.
final class OverlappingCopiesEndToEndTests: XCTestCase {
    static let scenarios = TestSupport.repoRoot + "/bench/scenarios"

    /// Every recorded outage whose files are all kubectl `--timestamps` output: its files as recorded
    /// under kubectl/, their CRI copies under var/log/pods/. Both folders together give the loss of
    /// either alone, and the report of kubectl/ alone but for its input summary.
    func testKubectlAndCRICopiesGiveTheLossOfEitherCopyAlone() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.scenarios).filter {
            FileManager.default.fileExists(atPath: Self.scenarios + "/\($0)/logs")
        }.sorted()
        var compared = 0, lossy = 0
        for name in names {
            let recorded = try FileManager.default.contentsOfDirectory(atPath: Self.scenarios + "/\(name)/logs").sorted()
                .map { Self.scenarios + "/\(name)/logs/" + $0 }
            let contents = recorded.map(PodCopies.lines(of:))
            // mixed-libraries holds a file an application wrote with no timestamps, which has no CRI copy.
            guard contents.allSatisfy(PodCopies.isKubectl) else { continue }
            let dir = TestSupport.temporaryDirectory(self)
            try FileManager.default.createDirectory(atPath: dir + "/kubectl", withIntermediateDirectories: true)
            for (path, lines) in zip(recorded, contents) {
                try FileManager.default.copyItem(atPath: path, toPath: dir + "/kubectl/" + URL(fileURLWithPath: path).lastPathComponent)
                TestSupport.writeBytes(PodCopies.cri(fromKubectl: lines), to: PodCopies.criPath(root: dir, pod: PodCopies.pod(ofFile: path)))
            }
            let kubectl = PodCopies.report([dir + "/kubectl"]), cri = PodCopies.report([dir + "/var"]), both = PodCopies.report([dir])
            XCTAssertEqual(PodCopies.loss(both), PodCopies.loss(kubectl), name)
            XCTAssertEqual(PodCopies.loss(both, evidence: true), PodCopies.loss(kubectl, evidence: true), "\(name): kept from kubectl/, first by path")
            XCTAssertEqual(PodCopies.loss(cri), PodCopies.loss(kubectl), "\(name): the CRI copy alone")
            XCTAssertEqual(PodCopies.canonical(both["incidents"], dropping: ["blindSpots"]),
                           PodCopies.canonical(kubectl["incidents"], dropping: ["blindSpots"]), "\(name): the whole incidents")
            XCTAssertEqual(PodCopies.canonical(both["summary"]), PodCopies.canonical(kubectl["summary"]), name)

            let inputs = both["inputs"] as? [String: Any], totals = inputs?["totals"] as? [String: Any]
            let kubectlEvents = ((kubectl["inputs"] as? [String: Any])?["totals"] as? [String: Any])?["events"] as? Int
            XCTAssertEqual(totals?["duplicateEvents"] as? Int, kubectlEvents, "\(name): every event of the CRI copy counted once")
            XCTAssertEqual(totals?["events"] as? Int, kubectlEvents.map { 2 * $0 }, name)
            let overlaps = inputs?["overlaps"] as? [[String: Any]] ?? []
            let withEvents = ((kubectl["inputs"] as? [String: Any])?["files"] as? [[String: Any]] ?? []).filter { ($0["events"] as? Int ?? 0) > 0 }
            XCTAssertEqual(overlaps.count, withEvents.count, "\(name): one overlap per file with events")
            for overlap in overlaps {
                let kept = try XCTUnwrap(overlap["kept"] as? String), copy = try XCTUnwrap(overlap["copy"] as? String)
                XCTAssertTrue(kept.hasPrefix(dir + "/kubectl/") && copy.hasPrefix(dir + "/var/log/pods/recorded_"), "\(kept) \(copy)")
                XCTAssertTrue(copy.contains("_" + PodCopies.pod(ofFile: kept) + "_"), "the same pod: \(kept) \(copy)")
                XCTAssertEqual(overlap["events"] as? Int, withEvents.first { $0["path"] as? String == kept }?["events"] as? Int, kept)
            }
            compared += 1
            if ((kubectl["summary"] as? [String: Any])?["lostRecords"] as? Int ?? 0) > 0 { lossy += 1 }
        }
        XCTAssertGreaterThanOrEqual(compared, 15, "recorded scenarios compared")
        XCTAssertGreaterThanOrEqual(lossy, 8, "scenarios that lost records among them")
    }

    /// samples/ holds one CRI file (16 KiB `P` fragments, a rotated gzip) and kubectl files. Beside it,
    /// the kubectl copy of that CRI file and the CRI copy of the producer's kubectl file change nothing in
    /// the report but its input summary, which names both overlaps, in the JSON and in the Markdown.
    func testSamplesWithTheOtherCopyOfTwoPods() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/samples", toPath: dir + "/samples")
        let notification = dir + "/samples/var/log/pods/portal-universe_notification-service-5c8f7d9b4-h6jkl_3f2b8c1e-4d5a-4e8b-9c7d-1a2b3c4d5e6f/notification-service/0.log.20261124-100500.gz"
        let cri = PodCopies.lines(of: notification)
        XCTAssertTrue(cri.contains { PodCopies.criTag(of: $0) == "P" }, "the CRI sample has P fragments")
        let copies = dir + "/copies"
        try FileManager.default.createDirectory(atPath: copies, withIntermediateDirectories: true)
        TestSupport.writeBytes(PodCopies.kubectl(fromCRI: cri), to: copies + "/notification-service-5c8f7d9b4-h6jkl.log")
        let shopping = PodCopies.lines(of: dir + "/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz")
        let shoppingCRI = PodCopies.criPath(root: copies, pod: "shopping-service-7d9f8c6b5-x2k4p") + ".20261124-100500.gz"
        TestSupport.writeBytes(TestSupport.gzip(PodCopies.cri(fromKubectl: shopping)), to: shoppingCRI)

        let alone = PodCopies.report([dir + "/samples"]), both = PodCopies.report([dir + "/samples", copies])
        XCTAssertEqual(PodCopies.loss(both), PodCopies.loss(alone))
        XCTAssertEqual(PodCopies.canonical(both["summary"]), PodCopies.canonical(alone["summary"]))
        // The copies sort first (copies/ before samples/): the evidence of these two pods is theirs.
        let dropping = PodCopies.evidenceKeys.union(["blindSpots"])
        XCTAssertEqual(PodCopies.canonical(both["incidents"], dropping: dropping), PodCopies.canonical(alone["incidents"], dropping: dropping))
        let overlaps = ((both["inputs"] as? [String: Any])?["overlaps"] as? [[String: Any]] ?? []).map {
            "\($0["kept"] as? String ?? "?") < \($0["copy"] as? String ?? "?")"
        }
        XCTAssertEqual(overlaps, [
            "\(copies)/notification-service-5c8f7d9b4-h6jkl.log < \(notification)",
            "\(shoppingCRI) < \(dir)/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz",
        ])

        let result = TestSupport.logtrace(["ingest", dir + "/samples", copies])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tables = MarkdownTable.all(in: result.stdout)
        let summary = try XCTUnwrap(tables.first { $0.heading == "Summary" }?.table)
        let aloneMarkdown = TestSupport.logtrace(["ingest", dir + "/samples"]).stdout
        let aloneSummary = try XCTUnwrap(MarkdownTable.all(in: aloneMarkdown).first { $0.heading == "Summary" }?.table)
        XCTAssertEqual(summary.rows.filter { $0[0] != "**Input**" }, aloneSummary.rows.filter { $0[0] != "**Input**" })
        let input = try XCTUnwrap(summary.rows.first { $0[0] == "**Input**" }?[1])
        let totals = (both["inputs"] as? [String: Any])?["totals"] as? [String: Any]
        let dropped = try XCTUnwrap(totals?["duplicateEvents"] as? Int)
        XCTAssertGreaterThan(dropped, 0)
        XCTAssertEqual(input, "all 7 files read in full; 2 files hold copies of another file's records: \(dropped) events counted once (see **Overlapping copies**)")
        let table = try XCTUnwrap(tables.first { $0.heading == "Overlapping copies" }?.table)
        XCTAssertEqual(table.header, ["Kept from", "Copy", "Events counted once", "First", "Last"])
        XCTAssertEqual(table.rows.map { Int($0[2]) ?? -1 }.reduce(0, +), dropped)
        XCTAssertEqual(table.rows.first?[0], "`\(copies)/notification-service-5c8f7d9b4-h6jkl.log`")
        XCTAssertEqual(table.rows.first?[1], "`\(notification)`")
        XCTAssertTrue(result.stderr.contains("\(notification) overlaps \(copies)/notification-service-5c8f7d9b4-h6jkl.log: the "), result.stderr)
    }

    /// A plain file and its gzip copy, side by side (`x.log` and `x.log.gz`, made by the real `gzip`),
    /// for every file of a recorded outage that lost 429 records: the loss of one of them.
    func testPlainAndGzipCopiesGiveTheLossOfOne() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let recorded = Self.scenarios + "/long-outage-expiry/logs"
        for name in try FileManager.default.contentsOfDirectory(atPath: recorded) {
            let plain = dir + "/" + String(name.dropLast(3))
            TestSupport.writeBytes(PodCopies.lines(of: recorded + "/" + name).flatMap { $0 + [0x0A] }, to: plain)
            let zipped = TestSupport.run("/bin/sh", ["-c", "gzip -k -n \"$0\"", plain])
            XCTAssertEqual(zipped.status, 0, zipped.stderr)
        }
        let alone = PodCopies.report([recorded]), both = PodCopies.report([dir])
        XCTAssertEqual((alone["summary"] as? [String: Any])?["lostRecords"] as? Int, 429)
        XCTAssertEqual(PodCopies.loss(both), PodCopies.loss(alone))
        let gz = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".gz") }.map { dir + "/" + $0 }
        XCTAssertEqual(PodCopies.loss(PodCopies.report(gz), evidence: true), PodCopies.loss(both, evidence: true).replacingOccurrences(of: ".log:", with: ".log.gz:"),
                       "the gzip copies alone: the same loss, their own evidence")
        let overlaps = (both["inputs"] as? [String: Any])?["overlaps"] as? [[String: Any]] ?? []
        XCTAssertEqual(overlaps.count, 3)
        for overlap in overlaps {
            XCTAssertEqual((overlap["kept"] as? String).map { $0 + ".gz" }, overlap["copy"] as? String, "x.log kept, x.log.gz its copy")
        }
    }

    /// Rotated files that overlap: kubelet's `0.log.20261124-100500.gz` and a `0.log` that starts before
    /// it ends (an archive copied while the pod ran, then again after rotation). Cut from samples/ CRI file
    /// at record starts: together they report what the one file does, each shared record counted once.
    func testRotatedFilesThatOverlapCountTheirSharedRecordsOnce() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/samples", toPath: dir + "/samples")
        let folder = dir + "/samples/var/log/pods/portal-universe_notification-service-5c8f7d9b4-h6jkl_3f2b8c1e-4d5a-4e8b-9c7d-1a2b3c4d5e6f/notification-service"
        let original = folder + "/0.log.20261124-100500.gz"
        let alone = PodCopies.report([dir + "/samples"])
        let lines = PodCopies.lines(of: original)
        // Record starts: a whole line (F, after an F) whose text opens with the application's timestamp.
        func startsRecord(_ i: Int) -> Bool {
            i > 0 && PodCopies.criTag(of: lines[i - 1]) == "F" && PodCopies.criTag(of: lines[i]) == "F"
                && lines[i].split(separator: 0x20, maxSplits: 3).last?.starts(with: Array("2026-".utf8)) == true
        }
        let from = try XCTUnwrap((lines.count / 3..<lines.count).first(where: startsRecord))
        let to = try XCTUnwrap((lines.count * 3 / 4..<lines.count).first(where: startsRecord))
        try FileManager.default.removeItem(atPath: original)
        TestSupport.writeBytes(TestSupport.gzip(lines[..<to].flatMap { $0 + [0x0A] }), to: original)
        TestSupport.writeBytes(lines[from...].flatMap { $0 + [0x0A] }, to: folder + "/0.log")
        let rotated = PodCopies.report([dir + "/samples"])

        XCTAssertEqual(PodCopies.canonical(rotated["summary"]), PodCopies.canonical(alone["summary"]))
        // 0.log starts inside the incident, which its blind spots say (though the rotated file covers it).
        let dropping = PodCopies.evidenceKeys.union(["blindSpots"])
        XCTAssertEqual(PodCopies.canonical(rotated["incidents"], dropping: dropping), PodCopies.canonical(alone["incidents"], dropping: dropping))
        let totals = (rotated["inputs"] as? [String: Any])?["totals"] as? [String: Any]
        let aloneEvents = ((alone["inputs"] as? [String: Any])?["totals"] as? [String: Any])?["events"] as? Int
        let events = try XCTUnwrap(totals?["events"] as? Int), dropped = try XCTUnwrap(totals?["duplicateEvents"] as? Int)
        XCTAssertGreaterThan(dropped, 0, "the overlap holds events")
        XCTAssertEqual(events - dropped, aloneEvents, "each record once")
        let overlaps = (rotated["inputs"] as? [String: Any])?["overlaps"] as? [[String: Any]] ?? []
        XCTAssertEqual(overlaps.map { "\($0["kept"] as? String ?? "") < \($0["copy"] as? String ?? "")" }, ["\(folder)/0.log < \(original)"])
    }
}
