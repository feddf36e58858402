import Foundation
import XCTest
@testable import LogTrace

/// The options the command line hands the pipeline (`--tz`, `--service`, `--files-from`) and
/// `--explain`, checked in the library and once more through the binary, so a flag that stops reaching
/// its stage fails here.
final class PipelineTests: XCTestCase {
    /// kafka-python 2's producer log with Python's `asctime`, recorded with TZ=UTC: times without a zone.
    static let zonelessLog = TestSupport.fixture("EndToEnd/Fixtures/clients/kafka-python-2/producer.asctime.log")

    func report(_ result: (status: Int32, stdout: String, stderr: String)) throws -> Report {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    func testTimeZoneOffsetMovesZonelessTimes() throws {
        var options = PipelineOptions()
        let utc = Pipeline(options: options).scan([Self.zonelessLog], patterns: TestSupport.defaultPatterns)
        options.timeZoneOffsetSeconds = 9 * 3600
        let tokyo = Pipeline(options: options).scan([Self.zonelessLog], patterns: TestSupport.defaultPatterns)
        XCTAssertGreaterThan(utc.events.count, 10)
        XCTAssertEqual(utc.events.map(\.line), tokyo.events.map(\.line))
        for (a, b) in zip(utc.events, tokyo.events) {
            XCTAssertEqual(a.time.seconds(since: b.time), 9 * 3600, accuracy: 0.000_001, "line \(a.line)")
        }
        let first = try XCTUnwrap(tokyo.events.first { $0.kind.role == .failure })

        let cli = try report(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "--tz", "+09:00", Self.zonelessLog]))
        XCTAssertEqual(cli.incidents.first?.firstSymptom.time, first.time.iso8601)
        XCTAssertEqual(cli.incidents.first?.firstSymptom.evidence, first.evidence)
    }

    func testServiceOverridesNameTheService() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let path = dir + "/producer-a.log"
        try FileManager.default.copyItem(atPath: Self.zonelessLog, toPath: path)
        var options = PipelineOptions()
        XCTAssertNotEqual(Set(Pipeline(options: options).scan([path], patterns: TestSupport.defaultPatterns).events.map(\.service)), ["orders-api"])
        options.services = [ServiceOverride(argument: "orders-api=*/producer-*.log")!]
        let scan = Pipeline(options: options).scan([path], patterns: TestSupport.defaultPatterns)
        XCTAssertEqual(Set(scan.events.map(\.service)), ["orders-api"])
        XCTAssertEqual(scan.files.map(\.service), ["orders-api"])

        let cli = try report(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "--service", "orders-api=*/producer-*.log", path]))
        XCTAssertEqual(cli.summary.servicesHit, ["orders-api"])
    }

    /// A list file with `\r\n` line ends, a blank line and a folder: every path in it is read.
    func testFilesFromReadsTheListedPaths() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: dir + "/more", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.zonelessLog, toPath: dir + "/more/b.log")
        TestSupport.write("\(Self.zonelessLog)\r\n\r\n\(dir)/more\r\n", to: dir + "/list.txt")
        XCTAssertEqual(try Pipeline.inputs(["x.log"], listedIn: dir + "/list.txt"), ["x.log", Self.zonelessLog, dir + "/more/b.log"])
        XCTAssertThrowsError(try Pipeline.inputs([], listedIn: dir + "/missing.txt")) { error in
            XCTAssertTrue("\(error)".contains("missing.txt"), "\(error)")
        }

        let cli = try report(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "--files-from", dir + "/list.txt"]))
        XCTAssertEqual(cli.inputs.files.map(\.path).sorted(), [dir + "/more/b.log", Self.zonelessLog].sorted())
        let stdin = try report(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "--files-from", "-"],
                                                    input: Array("\(dir)/more/b.log\n".utf8)))
        XCTAssertEqual(stdin.inputs.files.map(\.path), [dir + "/more/b.log"])
    }

    /// `--explain` reads a stern file (many pods in one) as `ingest` does: each record's pod is its own,
    /// and the events it shows are the ones the scan finds, attributed alike.
    func testExplainReadsRecordsAsTheScanDoes() throws {
        let pod = "shopping-service-7d9f8c6b5-x2k4p"
        let (source, _) = try InputOpener.open(path: TestSupport.repoRoot + "/samples/\(pod).log.gz", backend: .isal)
        let (bytes, error) = TestSupport.drain(source)
        XCTAssertNil(error)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { "\(pod) shopping-service \($0)" }
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/stern.log")

        let pipeline = Pipeline()
        let explained = pipeline.explain(dir + "/stern.log", patterns: TestSupport.defaultPatterns, limit: 150)
        XCTAssertEqual(explained.envelope, .stern)
        XCTAssertEqual(explained.records.count, 150)
        XCTAssertTrue(explained.records.allSatisfy { $0.pod == pod })
        let shown = explained.records.compactMap(\.event)
        let scanned = pipeline.scan([dir + "/stern.log"], patterns: TestSupport.defaultPatterns).events.filter { $0.line <= explained.records.last!.firstLine }
        XCTAssertGreaterThan(shown.count, 5)
        XCTAssertEqual(shown.map(\.line), scanned.map(\.line))
        XCTAssertEqual(Set(shown.map(\.service)), ["shopping-service"])
        XCTAssertEqual(shown.map(\.pod), scanned.map(\.pod))

        let cli = TestSupport.logtrace(["ingest", "--explain", dir + "/stern.log", "--explain-records", "3"])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertTrue(cli.stdout.hasPrefix("\(dir)/stern.log: envelope stern, layout spring-boot, service "), cli.stdout)
        XCTAssertEqual(cli.stdout.components(separatedBy: "\nline ").count - 1, 3)
        XCTAssertEqual(cli.stdout.components(separatedBy: "  pod      \(pod)\n").count - 1, 3)
    }

    /// The application's own clock against the runtime's, per pod: a Go service logging in local time
    /// with no zone (recorded with TZ=UTC, kubectl prefix) is on the same clock when read as UTC, and
    /// reads as a time zone, not as skew, when --tz says +09:00.
    func testClockOffsetsTellSameClockFromATimeZone() throws {
        let logs = TestSupport.repoRoot + "/bench/scenarios/wrapped-errors/logs"
        let utc = try report(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", logs]))
        let orders = try XCTUnwrap(utc.clockOffsets.first { $0.service == "orders-api" })
        XCTAssertEqual(orders.verdict, "same clock")
        XCTAssertLessThan(abs(orders.medianSeconds), 1)
        XCTAssertGreaterThanOrEqual(orders.samples, 5)

        let tokyo = try report(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "--tz", "+09:00", logs]))
        let shifted = try XCTUnwrap(tokyo.clockOffsets.first { $0.service == "orders-api" })
        XCTAssertEqual(shifted.verdict, "time zone")
        XCTAssertEqual(shifted.medianSeconds, -32_400, accuracy: 2)
        let markdown = TestSupport.logtrace(["ingest", "--quiet", "--tz", "+09:00", logs]).stdout
        let table = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.heading == "Clocks" }?.table)
        XCTAssertTrue(table.records.contains { $0["Service"] == "orders-api" && $0["What it is"] == "time zone" })
    }
}
