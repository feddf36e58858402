import Foundation
import XCTest
@testable import LogTrace

/// `logtrace patterns list` and `logtrace patterns test`, as a pattern author runs them.
final class PatternsCommandTests: XCTestCase {
    /// Every entry in force is listed once, under the file it comes from, with its kind, line and
    /// literals; an override from `--patterns` is listed under its own file.
    func testListNamesEveryEntryOnceUnderItsFile() throws {
        let result = TestSupport.logtrace(["patterns", "list"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let patterns = TestSupport.defaultPatterns
        var file = "", seen: [String: (file: String, kind: String, line: String, literals: String)] = [:]
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if !line.hasPrefix("  ") {
                if line.hasSuffix(" entries") || line.hasSuffix(" entry") { file = String(line[..<line.range(of: ": ", options: .backwards)!.lowerBound]) }
                continue
            }
            let cells = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            XCTAssertEqual(cells.count, 4, line)
            XCTAssertNil(seen[cells[0]], "listed twice: \(cells[0])")
            seen[cells[0]] = (file, cells[1], cells[2], cells[3])
        }
        XCTAssertEqual(seen.count, patterns.patterns.count)
        for entry in patterns.patterns {
            let d = entry.definition
            let row = try XCTUnwrap(seen[d.id], d.id)
            XCTAssertEqual(row.file, d.file)
            XCTAssertEqual(row.kind, d.kind.rawValue + (d.quoted ? " (quoted)" : ""))
            XCTAssertEqual(row.line, "regex line \(d.line)")
            XCTAssertEqual(row.literals, entry.literals.map { "'" + String(decoding: $0, as: UTF8.self) + "'" }.joined(separator: " or "))
        }
        XCTAssertTrue(result.stdout.hasSuffix("\(patterns.patterns.count) entries from \(patterns.files.count) files, each file's entries in the order they are tried (quoted ones after every other entry)\n"))

        let dir = TestSupport.temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: dir + "/pat", withIntermediateDirectories: true)
        let overridden = try XCTUnwrap(patterns.patterns.first { !$0.definition.quoted }).definition
        TestSupport.write("pack: mine\npatterns:\n  - id: \(overridden.id)\n    kind: \(overridden.kind.rawValue)\n    regex: 'could not be established'\n", to: dir + "/pat/mine.yaml")
        let withOverride = TestSupport.logtrace(["patterns", "list", "--patterns", dir + "/pat"])
        XCTAssertEqual(withOverride.status, 0, withOverride.stderr)
        XCTAssertTrue(withOverride.stdout.contains("\(dir)/pat/mine.yaml: 1 entry\n  \(overridden.id)  \(overridden.kind.rawValue)  regex line 5  'could not be established'\n"), withOverride.stdout)
    }

    /// A recorded line given on the command line: the entry that matches, its captures, and a near-miss
    /// (librdkafka's `: Disconnected` literal is in the Java client's line, its regex is not).
    func testLineShowsTheMatchCapturesAndNearMisses() throws {
        let line = "2026-11-24T10:00:05.021889483Z 2026-11-24T10:00:05.021Z  WARN 1 --- [shopping-service] [ping-producer-1] o.a.k.clients.producer.internals.Sender  : [Producer clientId=shopping-producer-1] Received invalid metadata error in produce request on partition orders-0 due to org.apache.kafka.common.errors.NetworkException: Disconnected from node 1. Going to request metadata update now"
        XCTAssertTrue(try gunzipped(ExplainLineTests.shopping).contains(line + "\n"), "a recorded line")
        let result = TestSupport.logtrace(["patterns", "test", line])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "the line given: envelope kubectl, layout spring-boot")
        let matched = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  matched  ") })
        XCTAssertTrue(lines[matched].hasPrefix("  matched  java-produce-invalid-metadata (metadata_error, "), lines[matched])
        let fields = lines[(matched + 1)...].prefix { $0.hasPrefix("             ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(fields, ["client = shopping-producer-1", "error = org.apache.kafka.common.errors.NetworkException", "partition = 0", "role = Producer", "topic = orders"])
        XCTAssertTrue(lines.contains { $0.hasPrefix("    near-miss rdk-disconnected (disconnected, ") && $0.hasSuffix(": literal ': Disconnected' present, regex does not match") }, result.stdout)
        XCTAssertEqual(lines.last, "1 record: 1 matched, 0 only nearly (a literal present, the regex failing), 0 with no entry's literal")

        let none = TestSupport.logtrace(["patterns", "test", "2026-11-24T09:58:06.513Z  INFO 1 --- [shopping-service] [nio-8080-exec-5] com.portal.shopping.order.OrderService   : Order created"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stdout.contains("no entry matches, and no entry's literal is in the line"), none.stdout)
    }

    /// A file: every record is counted, and those matched are exactly the events a scan finds in it.
    func testFileCountsAgreeWithTheScan() throws {
        let path = ExplainLineTests.shopping
        let result = TestSupport.logtrace(["patterns", "test", path, "--max-records", "5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var options = PipelineOptions()
        options.readAllRecords = true
        let scan = Pipeline(options: options).scan([TestSupport.repoRoot + "/" + path], patterns: TestSupport.defaultPatterns)
        let file = try XCTUnwrap(scan.files.first)
        XCTAssertTrue(result.stdout.hasSuffix("\n\(file.records) records: \(file.events) matched, 0 only nearly (a literal present, the regex failing), \(file.records - file.events) with no entry's literal; the first 5 of the \(file.events) are shown\n"), result.stdout)
        XCTAssertEqual(result.stdout.components(separatedBy: "\n  matched  ").count - 1, 5)
        let missing = TestSupport.logtrace(["patterns", "test", "samples/no-such.log"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("samples/no-such.log: not found"), missing.stderr)
        XCTAssertEqual(TestSupport.logtrace(["patterns", "test", path, "--max-records", "0"]).status, 2)
    }

    func gunzipped(_ path: String) throws -> String {
        String(decoding: TestSupport.run("/bin/sh", ["-c", "gzip -dc \"$0\"", TestSupport.repoRoot + "/" + path]).stdout, as: UTF8.self)
    }
}
