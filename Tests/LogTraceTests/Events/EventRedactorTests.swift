import Foundation
import XCTest
@testable import LogTrace

final class EventRedactorTests: XCTestCase {
    func redacted(_ texts: [String], patterns: [String] = []) throws -> [String] {
        let redactor = try EventRedactor(userPatterns: patterns)
        return texts.map(redactor.redacting)
    }

    /// Lines as the clients print them (patterns/*.yaml samples): each value becomes its kind's token, the same
    /// value the same token, and what is not a value (times, node ids, logger names, ports) stays.
    func testValuesBecomeConsistentTokensAndTheRestStays() throws {
        let lines = try redacted([
            "[Producer clientId=shopping-producer-1] Connection to node 1 (kafka.portal-universe.svc.cluster.local/10.244.1.17:9092) could not be established. Broker may not be available.",
            "ERRO[0012] error dialing kafka brokers for topic orders (partition 3): dial tcp: lookup kafka-0.kafka-headless:9092: no such host",
            "2026-12-03 12:54:51,807 INFO kafka.coordinator Discovered coordinator coordinator-111 for group stock-reader-group",
            "% Group audit-tail-group rebalanced (memberid audit-tail-d4d2336f-037c-43ba-b84d-65816b031b0d): assigned: orders [0]",
            "alert sent to oncall@example.com from 10.244.1.17 via fe80::1ff:fe23:4567:890a",
            "ERROR:aiokafka:Unable connect to node with id 111: [Errno 111] Connect call failed ('127.0.0.1', 29092)",
        ])
        XCTAssertEqual(lines[0], "[Producer clientId=shopping-producer-1] Connection to node 1 ([host-1]/[ip-1]:9092) could not be established. Broker may not be available.")
        XCTAssertEqual(lines[1], "ERRO[0012] error dialing kafka brokers for topic orders (partition 3): dial tcp: lookup [host-2]:9092: no such host")
        XCTAssertEqual(lines[2], "2026-12-03 12:54:51,807 INFO kafka.coordinator Discovered coordinator coordinator-111 for group stock-reader-group")
        XCTAssertEqual(lines[3], "% Group audit-tail-group rebalanced (memberid audit-tail-[id-1]): assigned: orders [0]")
        XCTAssertEqual(lines[4], "alert sent to [email-1] from [ip-1] via [ip-2]")
        XCTAssertTrue(lines[5].contains("('127.0.0.1', 29092)"), "loopback tells nothing about anyone's network: \(lines[5])")
    }

    func testAUserPatternRedactsItsValueGroupAndABadOneIsRefused() throws {
        let lines = try redacted(["Failed to send pricing-api/order-00064: NodeNotReadyError"], patterns: [#"/(?<value>order-\d+)"#])
        XCTAssertEqual(lines, ["Failed to send pricing-api/[redacted-1]: NodeNotReadyError"])
        XCTAssertThrowsError(try EventRedactor(userPatterns: ["(unclosed"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("--redact-pattern '(unclosed'"), "\(error)")
        }
    }

    /// The samples with `--redact`: neither the broker's host name nor its address survives in the
    /// Markdown report, the JSON report or the event export, and a user pattern's client ids become the
    /// same token in all three.
    func testNoOriginalValueSurvivesInAnyOutput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redact-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let samples = TestSupport.repoRoot + "/samples"
        let plain = TestSupport.logtrace(["ingest", "--quiet", samples, "--events", folder + "/plain.jsonl", "-o", folder + "/plain.md"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let clientPattern = #"clientId=(?<value>[a-z]+-producer-1)"#
        for format in ["markdown", "json"] {
            let result = TestSupport.logtrace(["ingest", "--quiet", "--redact", "--redact-pattern", clientPattern, "--format", format,
                                               samples, "--events", folder + "/\(format).jsonl", "-o", folder + "/report.\(format)"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let plainEvents = try String(contentsOfFile: folder + "/plain.jsonl", encoding: .utf8)
        let originals = ["kafka.portal-universe.svc.cluster.local", "10.244.1.17", "shopping-producer-1", "prism-producer-1"]
        for value in originals { XCTAssertTrue(plainEvents.contains(value), "the samples hold \(value)") }
        XCTAssertTrue(try String(contentsOfFile: folder + "/plain.md", encoding: .utf8).contains("shopping-producer-1"))
        for output in ["report.markdown", "report.json", "markdown.jsonl", "json.jsonl"] {
            let text = try String(contentsOfFile: folder + "/" + output, encoding: .utf8)
            for value in originals { XCTAssertFalse(text.contains(value), "\(value) survives in \(output)") }
        }
        // The same client id is the same token in the report and in the events.
        let json = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
        let tokens = Set(json.incidents[0].services.flatMap(\.clientRows).map(\.client).filter { $0.hasPrefix("[redacted-") })
        XCTAssertEqual(tokens.count, 2, "\(json.incidents[0].services.flatMap(\.clientRows).map(\.client))")
        let events = try String(contentsOfFile: folder + "/json.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(Set(events.compactMap { $0["field_client"] as? String }.filter { $0.hasPrefix("[redacted-") }), tokens)
        XCTAssertEqual(json.incidents[0].services.map(\.service).sorted(), ["notification-service", "prism-service", "shopping-service"])
    }
}
