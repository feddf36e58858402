import Foundation
import XCTest
@testable import LogTrace

/// One test per row of the bad-input table in docs/bad-input.md: each says what logtrace does with it.
final class BadInputTests: XCTestCase {
    static let good = CommandLineTests.producerLog

    /// A kubectl-timestamped producer log of `count` connection failures, one a second.
    static func failures(_ count: Int, from second: Int = 0) -> String {
        (0..<count).map { i in
            let s = second + i
            let stamp = String(format: "2026-11-24T10:%02d:%02d.104Z", s / 60 % 60, s % 60)
            return "\(stamp) \(stamp)  WARN 1 --- [shopping-service] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=shopping-producer] Connection to node 1 (kafka/10.244.1.17:9092) could not be established. Node may not be available."
        }.joined(separator: "\n") + "\n"
    }

    func json(_ result: (status: Int32, stdout: String, stderr: String)) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    func gzipFile(_ dir: String, _ name: String, _ text: String) -> (path: String, bytes: [UInt8]) {
        let bytes = TestSupport.gzip(Array(text.utf8))
        TestSupport.writeBytes(bytes, to: dir + "/" + name)
        return (dir + "/" + name, bytes)
    }

    func testFlippedByteKeepsEarlierEventsAndOtherFiles() throws {
        let dir = TestSupport.temporaryDirectory(self)
        var (path, bytes) = gzipFile(dir, "shopping-service-7d9f8c6b5-x2k4p.log.gz", Self.failures(3000))
        bytes[bytes.count * 3 / 4] ^= 0x55
        TestSupport.writeBytes(bytes, to: path)
        let other = dir + "/prism-service-6b7c8d9f5-m3n4p.log"
        TestSupport.write(Self.failures(5), to: other)
        for backend in ["isal", "zlib"] {
            let result = TestSupport.logtrace(["ingest", "--format", "json", "--inflate", backend, path, other])
            XCTAssertEqual(result.status, 1, backend)
            XCTAssertTrue(result.stderr.contains("\(path): corrupt gzip data"), result.stderr)
            XCTAssertTrue(result.stderr.contains("compressed byte"), result.stderr)
            let report = try json(result)
            XCTAssertEqual(report.summary.partialFiles, [path])
            let broken = report.inputs.files.first { $0.path == path }!
            XCTAssertGreaterThan(broken.events, 1000, "events before the break are kept (\(backend))")
            XCTAssertEqual(report.inputs.files.first { $0.path == other }?.events, 5)
        }
    }

    func testTruncatedGzipNamesTheOffsetAndKeepsEvents() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let (path, bytes) = gzipFile(dir, "shopping-service-7d9f8c6b5-x2k4p.log.gz", Self.failures(3000))
        let cut = Array(bytes[0..<(bytes.count / 2)])
        TestSupport.writeBytes(cut, to: path)
        let result = TestSupport.logtrace(["ingest", "--format", "json", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("truncated gzip data: gzip data ends early at compressed byte \(cut.count)"), result.stderr)
        let report = try json(result)
        XCTAssertGreaterThan(report.inputs.totals.events, 100)
        XCTAssertEqual(report.inputs.files[0].error?.kind, .truncatedGzip)
    }

    func testTrailingGarbageAndZeroPaddingAreTolerated() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let (path, bytes) = gzipFile(dir, "a-7d9f8c6b5-x2k4p.log.gz", Self.failures(5))
        TestSupport.writeBytes(bytes + [UInt8](repeating: 0, count: 512), to: path)
        let (garbage, gbytes) = gzipFile(dir, "b-7d9f8c6b5-x2k4p.log.gz", Self.failures(5))
        TestSupport.writeBytes(gbytes + Array("GARBAGE".utf8), to: garbage)
        let result = TestSupport.logtrace(["ingest", "--format", "json", path, garbage])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("512 bytes of zero padding after the gzip data were ignored"))
        XCTAssertTrue(result.stderr.contains("trailing garbage after the gzip data at compressed byte \(gbytes.count) was ignored"))
        XCTAssertEqual(try json(result).inputs.totals.events, 10)
    }

    func testEmptyFileAndEmptyGzip() throws {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write("", to: dir + "/empty.log")
        TestSupport.writeBytes(TestSupport.gzip([]), to: dir + "/empty.log.gz")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir + "/empty.log", dir + "/empty.log.gz"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try json(result)
        XCTAssertEqual(report.inputs.files.map(\.lines), [0, 0])
        XCTAssertEqual(report.incidents.count, 0)
    }

    func testBinaryFileIsReadAndFlagged() throws {
        let dir = TestSupport.temporaryDirectory(self)
        // Twenty files of seeded random bytes (reproducible; one such input once crashed a layout check).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var paths: [String] = []
        for file in 0..<20 {
            var bytes = (0..<50_000).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            bytes[0] = 0  // never gzip magic
            TestSupport.writeBytes(bytes, to: dir + "/random-\(file).bin")
            paths.append(dir + "/random-\(file).bin")
        }
        TestSupport.writeBytes([UInt8](repeating: 0, count: 4096), to: dir + "/nul.bin")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir + "/nul.bin"] + paths)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("nul.bin: NUL bytes in the first lines"), result.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)))
    }

    func testInvalidUTF8InsideGoodLinesStillMatchesAndJSONStaysValid() throws {
        let dir = TestSupport.temporaryDirectory(self)
        var bytes = Array(Self.failures(3).utf8)
        // Corrupt the client id of the first line with bytes that are not UTF-8.
        let marker = Array("clientId=shopping".utf8)
        if let at = (0..<(bytes.count - marker.count)).first(where: { Array(bytes[$0..<($0 + marker.count)]) == marker }) {
            bytes[at + 9] = 0xFF
            bytes[at + 10] = 0xC3
        }
        TestSupport.writeBytes(bytes, to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        XCTAssertEqual(result.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(object)
        XCTAssertEqual(try json(result).inputs.totals.events, 3)
        XCTAssertTrue(result.stdout.contains("\u{FFFD}"), "invalid bytes become U+FFFD")
    }

    func testCRLFLineEnds() throws {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(Self.failures(4).replacingOccurrences(of: "\n", with: "\r\n"), to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        XCTAssertEqual(try json(result).inputs.totals.events, 4)
        XCTAssertEqual(try json(result).inputs.files[0].envelope, .kubectl)
    }

    /// A 200 MB line with no newline, from standard input: cut, counted, and memory stays small.
    func testTwoHundredMegabyteLineIsCappedWithBoundedMemory() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let result = TestSupport.run("/bin/bash", ["-c", """
            head -c 200000000 /dev/zero | tr '\\0' 'x' | /usr/bin/time -f '%M' -o "$1/rss" "$0" ingest --format json - > "$1/out.json"; echo "status=$?"
            """, TestSupport.logtraceBinary, dir])
        XCTAssertTrue(String(decoding: result.stdout, as: UTF8.self).contains("status=0"), result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/out.json")))
        XCTAssertEqual(report.inputs.totals.overlongLines, 1)
        XCTAssertEqual(report.inputs.totals.textBytes, 200_000_000)
        let peakKiB = Int(try String(contentsOfFile: dir + "/rss", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max
        XCTAssertLessThan(peakKiB, 64 * 1024, "peak RSS \(peakKiB) KiB for a 200 MB line")
    }

    func testFileOfOnlyContinuationLines() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let trace = (0..<500).map { "\tat com.example.Frame\($0).call(Frame.java:\($0))" }.joined(separator: "\n") + "\n"
        TestSupport.write(trace, to: dir + "/trace.log")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir + "/trace.log"])
        XCTAssertEqual(result.status, 0)
        let file = try json(result).inputs.files[0]
        XCTAssertEqual(file.lines, 500)
        XCTAssertEqual(file.records, 1)
    }

    func testTimestampsGoingBackwardsAreCountedAndEventsSorted() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let lines = Self.failures(6).split(separator: "\n").map(String.init)
        TestSupport.write([lines[3], lines[4], lines[5], lines[0], lines[1], lines[2]].joined(separator: "\n") + "\n",
                          to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        let report = try json(result)
        XCTAssertEqual(report.inputs.files[0].timestampsBackwards, 1)
        XCTAssertEqual(report.incidents.first?.firstSymptom.time, "2026-11-24T10:00:00.104Z")
    }

    func testLinesWithNoTimestampAtAll() throws {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write("WARN [Producer clientId=shopping-producer] Connection to node 1 could not be established.\n"
                          + "INFO [Consumer clientId=notification-consumer] Disconnected from node 1\n", to: dir + "/plain.log")
        let result = TestSupport.logtrace(["ingest", dir + "/plain.log"])
        XCTAssertEqual(result.status, 0)
        let tables = MarkdownTable.all(in: result.stdout)
        XCTAssertEqual(tables.first { $0.heading == "Events without a timestamp" }?.table.rows.count, 2)
        XCTAssertEqual(tables.first { $0.heading == "Input" }?.table.records.first?["No timestamp"], "2")
        XCTAssertFalse(result.stdout.contains("1970"), "no event is placed at the epoch")
    }

    func testUnreadableFile() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            return XCTFail("setpriv (util-linux) is needed to drop root for this test")
        }
        let dir = TestSupport.temporaryDirectory(self)
        chmod(dir, 0o755)
        let secret = dir + "/secret.log"
        TestSupport.write(Self.good, to: secret)
        chmod(secret, 0o000)
        let readable = dir + "/shopping-service-7d9f8c6b5-x2k4p.log"
        TestSupport.write(Self.good, to: readable)
        chmod(readable, 0o644)
        let result = TestSupport.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                          TestSupport.logtraceBinary, "ingest", "--format", "json", secret, readable])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(secret): permission denied"), result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout))
        XCTAssertEqual(report.inputs.totals.events, 3)
    }

    func testTwentyThousandSmallFiles() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let line = Self.failures(1)
        for i in 0..<20_000 {
            let sub = dir + "/d\(i / 1000)"
            if i % 1000 == 0 { try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true) }
            TestSupport.write(line, to: sub + "/shopping-service-7d9f8c6b5-x2k4p.\(i).log")
        }
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try json(result)
        XCTAssertEqual(report.inputs.totals.files, 20_000)
        XCTAssertEqual(report.inputs.totals.events, 20_000)
    }

    /// A pattern with catastrophic backtracking, fed a crafted line, is stopped by PCRE2's limits; the
    /// run goes on and the other events are found.
    func testCatastrophicBacktrackingIsCutOffAndReported() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: dir + "/pat", withIntermediateDirectories: true)
        TestSupport.write("""
        pack: hostile
        patterns:
          - id: evil-nested-quantifier
            kind: disconnected
            literal: 'aaaa'
            regex: '(a+)+$'
            samples: ['aaaa']
        """, to: dir + "/pat/evil.yaml")
        let hostile = "2026-11-24T10:00:09.5Z 2026-11-24T10:00:09.500Z  INFO 1 --- [shopping-service] [main] c.p.Orders : " + String(repeating: "a", count: 5000) + "!\n"
        TestSupport.write(Self.failures(3) + hostile, to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let started = Date()
        let result = TestSupport.logtrace(["ingest", "--format", "json", "--patterns", dir + "/pat", dir])
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("pattern 'evil-nested-quantifier' stopped at PCRE2's match limit on 1 record(s)"), result.stderr)
        let report = try json(result)
        XCTAssertEqual(report.inputs.totals.matchLimitHits, 1)
        XCTAssertEqual(report.inputs.totals.events, 3)
    }

    /// The same inputs give the same bytes, whatever the order on the command line and the failures.
    func testReportIsIdenticalWhateverTheFileOrder() throws {
        let dir = TestSupport.temporaryDirectory(self)
        var (broken, bytes) = gzipFile(dir, "prism-service-6b7c8d9f5-m3n4p.log.gz", Self.failures(2000, from: 1))
        bytes = Array(bytes[0..<(bytes.count / 2)])
        TestSupport.writeBytes(bytes, to: broken)
        TestSupport.write(Self.failures(40), to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let missing = dir + "/missing.log"
        let orders = [[broken, dir + "/shopping-service-7d9f8c6b5-x2k4p.log", missing],
                      [missing, dir + "/shopping-service-7d9f8c6b5-x2k4p.log", broken],
                      [dir + "/shopping-service-7d9f8c6b5-x2k4p.log", broken, missing]]
        for format in ["markdown", "json"] {
            var outputs = Set<String>()
            for (i, order) in orders.enumerated() {
                let result = TestSupport.logtrace(["ingest", "--format", format, "--jobs", "\(i + 1)"] + order)
                XCTAssertEqual(result.status, 1)
                outputs.insert(result.stdout)
            }
            XCTAssertEqual(outputs.count, 1, format)
        }
    }
}
