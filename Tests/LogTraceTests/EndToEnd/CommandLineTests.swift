import Foundation
import XCTest
@testable import LogTrace

/// The `logtrace` binary as a user runs it: exit statuses, errors on stderr, output options.
final class CommandLineTests: XCTestCase {
    /// A small Spring Boot producer log, as `kubectl logs --timestamps` writes it.
    static let producerLog = """
    2026-11-24T10:00:05.104Z 2026-11-24T10:00:05.104Z  WARN 1 --- [shopping-service] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=shopping-producer] Connection to node 1 (kafka.portal-universe.svc.cluster.local/10.244.1.17:9092) could not be established. Node may not be available.
    2026-11-24T10:00:06.211Z 2026-11-24T10:00:06.211Z  WARN 1 --- [shopping-service] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=shopping-producer] Connection to node 1 (kafka.portal-universe.svc.cluster.local/10.244.1.17:9092) could not be established. Node may not be available.
    2026-11-24T10:00:07.305Z 2026-11-24T10:00:07.305Z  WARN 1 --- [shopping-service] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=shopping-producer] Connection to node 1 (kafka.portal-universe.svc.cluster.local/10.244.1.17:9092) could not be established. Node may not be available.

    """

    func makeLog(_ dir: String, name: String = "shopping-service-7d9f8c6b5-x2k4p.log") -> String {
        let path = dir + "/" + name
        TestSupport.write(Self.producerLog, to: path)
        return path
    }

    func testNoFilesIsAUsageError() {
        let result = TestSupport.logtrace(["ingest"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("give at least one log file"), result.stderr)
    }

    func testBadPatternStopsBeforeAnyInputIsRead() {
        let dir = TestSupport.temporaryDirectory(self)
        try! FileManager.default.createDirectory(atPath: dir + "/pat", withIntermediateDirectories: true)
        TestSupport.write("pack: bad\npatterns:\n  - id: broken-one\n    kind: disconnected\n    regex: 'Node (\\d+ disconnected'\n", to: dir + "/pat/bad.yaml")
        let result = TestSupport.logtrace(["ingest", "--patterns", dir + "/pat", dir + "/does-not-exist.log"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("\(dir)/pat/bad.yaml:5: pattern 'broken-one': PCRE2 error at offset 22: missing closing parenthesis"), result.stderr)
        XCTAssertFalse(result.stderr.contains("does-not-exist"), "no input is opened when the patterns are bad")
    }

    func testMissingFileGivesPartialStatusAndTheReportStillComes() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let good = makeLog(dir)
        let result = TestSupport.logtrace(["ingest", "--format", "json", good, dir + "/missing.log.gz"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(dir)/missing.log.gz: not found"), result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.summary.partialFiles, [dir + "/missing.log.gz"])
        XCTAssertEqual(report.inputs.totals.events, 3)
    }

    /// When not one input could be read there is nothing to report: no report (the old file at `-o`
    /// stays), exit 2, and a message naming the input.
    func testNothingReadableGivesNoReportAndExitsTwo() throws {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write("old report\n", to: dir + "/report.md")
        let result = TestSupport.logtrace(["ingest", "--quiet", "-o", dir + "/report.md", dir + "/missing.log.gz"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("nothing could be read from \(dir)/missing.log.gz; no report written"), result.stderr)
        XCTAssertEqual(try String(contentsOfFile: dir + "/report.md", encoding: .utf8), "old report\n")
        XCTAssertEqual(TestSupport.logtrace(["ingest", "--quiet", dir + "/missing.log.gz"]).stdout, "")
    }

    /// SIGINT or SIGTERM in the middle of a run (here: waiting on standard input) drops the outputs
    /// begun: the old report and event export stay byte for byte, no temporary file is left, and the
    /// exit status is 128 + the signal.
    func testInterruptLeavesTheOldOutputsAndNoTemporaryFile() throws {
        for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let dir = TestSupport.temporaryDirectory(self)
            TestSupport.write("old report\n", to: dir + "/report.md")
            TestSupport.write("old events\n", to: dir + "/events.jsonl")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.logtraceBinary)
            process.arguments = ["ingest", "--quiet", "-o", dir + "/report.md", "--events", dir + "/events.jsonl", "-"]
            let input = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(TestSupport.readBytes(TestSupport.repoRoot + "/Tests/LogTraceTests/EndToEnd/Fixtures/clients/kafka-python-2/producer.asctime.log")))
            // The temporary outputs exist once the run has started.
            var waited = 0
            while (try FileManager.default.contentsOfDirectory(atPath: dir)).filter({ $0.hasSuffix(".tmp") }).count < 2 && waited < 200 {
                usleep(10_000); waited += 1
            }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, status)
            XCTAssertEqual(try String(contentsOfFile: dir + "/report.md", encoding: .utf8), "old report\n")
            XCTAssertEqual(try String(contentsOfFile: dir + "/events.jsonl", encoding: .utf8), "old events\n")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["events.jsonl", "report.md"])
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertTrue(said.hasPrefix("logtrace: interrupted: no output written"), said)
            try? input.fileHandleForWriting.close()
        }
    }

    func testVersionAndDidYouMean() {
        let version = TestSupport.logtrace(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout, "logtrace \(Pipeline.version) (reports \(Report.schema), partials \(PartialResult.schema))\n")
        let typo = TestSupport.logtrace(["ingets", "samples"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.hasPrefix("logtrace: 'ingets' is not a subcommand. Did you mean 'ingest'?\n"), typo.stderr)
        XCTAssertFalse(TestSupport.logtrace(["frobnicate"]).stderr.contains("Did you mean"))
    }

    func testOutputIntoMissingFolderIsAClearUsageError() {
        let dir = TestSupport.temporaryDirectory(self)
        let result = TestSupport.logtrace(["ingest", "-o", dir + "/no/such/report.md", makeLog(dir)])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("cannot write the report to \(dir)/no/such/report.md: No such file or directory"), result.stderr)
    }

    func testOutputFileAndStdin() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let result = TestSupport.logtrace(["ingest", "-o", dir + "/report.md", "-"], input: Array(Self.producerLog.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let markdown = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        let input = MarkdownTable.all(in: markdown).first { $0.heading == "Input" }?.table
        XCTAssertEqual(input?.records.first?["File"], "`-`")
        XCTAssertEqual(input?.records.first?["Events"], "3")
    }

    /// `logtrace ingest ... | head -1` ends quietly: no error message, no crash.
    func testClosedPipeEndsQuietly() {
        let dir = TestSupport.temporaryDirectory(self)
        let log = makeLog(dir)
        let result = TestSupport.run("/bin/bash", ["-c", "set -o pipefail; \"$0\" ingest \"$1\" | head -c 1 >/dev/null; echo \"status=${PIPESTATUS[0]}\"",
                                                   TestSupport.logtraceBinary, log])
        let output = String(decoding: result.stdout, as: UTF8.self)
        XCTAssertTrue(output.contains("status=0"), output)
        XCTAssertEqual(result.stderr, "")
    }

    func testStdinClosedAtOnce() {
        let result = TestSupport.logtrace(["ingest", "--format", "json", "-"], input: [])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"lines\" : 0"))
    }

    func testFolderIsReadRecursively() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: dir + "/a/b", withIntermediateDirectories: true)
        _ = makeLog(dir + "/a/b")
        TestSupport.write("x\n", to: dir + "/a/.hidden")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.inputs.files.map(\.path), [dir + "/a/b/shopping-service-7d9f8c6b5-x2k4p.log"])
    }

    /// A failed output does not touch the old file: the report is written under a temporary name and
    /// renamed only when complete; a write that fails names the file and exits 3, and leaves no
    /// temporary file behind.
    func testFailedOutputKeepsTheOldReportAndExitsThree() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let log = makeLog(dir)
        TestSupport.write("the old report\n", to: dir + "/report.md")
        let failed = TestSupport.logtrace(["ingest", "--quiet", "--events", "/dev/full", "-o", dir + "/report.md", log])
        XCTAssertEqual(failed.status, 3, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("cannot write the event export to /dev/full: No space left on device"), failed.stderr)
        XCTAssertEqual(try String(contentsOfFile: dir + "/report.md", encoding: .utf8), "the old report\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["report.md", "shopping-service-7d9f8c6b5-x2k4p.log"])

        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let usage = TestSupport.logtrace(["ingest", "--quiet", "-o", dir + "/report.md", empty])
        XCTAssertEqual(usage.status, 2, "an empty folder is a usage error")
        XCTAssertEqual(try String(contentsOfFile: dir + "/report.md", encoding: .utf8), "the old report\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).count, 3, "no temporary file left")

        let good = TestSupport.logtrace(["ingest", "--quiet", "-o", dir + "/report.md", log])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(try String(contentsOfFile: dir + "/report.md", encoding: .utf8).hasPrefix("# Kafka outage report"))
    }

    /// No option value crashes the run: NaN, negative, infinite and huge numbers are refused with a
    /// message that names the option (status 2).
    func testEveryNumericOptionIsRangeChecked() {
        let dir = TestSupport.temporaryDirectory(self)
        let log = makeLog(dir)
        for (option, value) in [("--gap", "nan"), ("--gap", "-5"), ("--gap", "inf"), ("--max-line-bytes", "8589934592"),
                                ("--max-line-bytes", "99999999999999"), ("--max-line-bytes", "-1"), ("--jobs", "0"),
                                ("--jobs", "-3"), ("--jobs", "100000"), ("--explain-records", "-1")] {
            let result = TestSupport.logtrace(["ingest", "--quiet", option, value, log])
            XCTAssertEqual(result.status, 2, "\(option) \(value): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(option), "\(option) \(value): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Missing value"), "\(option) \(value): \(result.stderr)")
        }
    }
    /// `cat *.gz | logtrace ingest -`: the samples' five files joined end to end on standard input, in
    /// three formats (kubectl + log4j, kubectl + Spring Boot, CRI + Spring Boot), give the same events and
    /// loss as the files read one by one, and stderr says the format changed midway.
    func testConcatenatedInputsOnStandardInputAreReadInTheirOwnFormats() throws {
        let files = InputPaths.expand([TestSupport.repoRoot + "/samples"])
        var joined: [UInt8] = []
        for file in files { joined += try XCTUnwrap(FileManager.default.contents(atPath: file)) }
        let separate = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "samples"])
        let together = TestSupport.logtrace(["ingest", "--format", "json", "-"], input: joined)
        XCTAssertEqual(together.status, 0, together.stderr)
        let one = try JSONDecoder().decode(Report.self, from: Data(separate.stdout.utf8))
        let all = try JSONDecoder().decode(Report.self, from: Data(together.stdout.utf8))
        XCTAssertEqual(all.inputs.files.map(\.events), [one.inputs.files.map(\.events).reduce(0, +)])
        XCTAssertEqual(all.summary.lostRecords, one.summary.lostRecords)
        XCTAssertTrue(together.stderr.contains("format changed midway 2 time(s)"), together.stderr)
    }
    /// `--no-default-patterns` with no `--patterns` leaves nothing to match with: a usage error that says
    /// which option to add, not an empty file name.
    func testNoPatternFolderAtAllIsAClearUsageError() {
        let result = TestSupport.logtrace(["ingest", "--no-default-patterns", "samples"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--no-default-patterns: no pattern folder left to read: give one with --patterns DIR"), result.stderr)
        XCTAssertFalse(result.stderr.contains(": : "), result.stderr)
    }
}
