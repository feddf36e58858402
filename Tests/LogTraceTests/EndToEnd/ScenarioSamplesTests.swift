import Foundation
import XCTest
@testable import LogTrace

/// The report on samples/ reconstructs the scenario (shared/scenario: a Kafka broker deleted), checked
/// through the JSON output and through the Markdown tables, against docs/samples-expected.md.
final class ScenarioSamplesTests: XCTestCase {
    static let samples = TestSupport.repoRoot + "/samples"

    func report(_ extra: [String] = []) throws -> (Report, String) {
        let json = TestSupport.logtrace(["ingest", "--format", "json"] + extra + ["samples"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let markdown = TestSupport.logtrace(["ingest"] + extra + ["samples"])
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        return (try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8)), markdown.stdout)
    }

    func assertNear(_ value: Double?, _ expected: Double, within: Double = 1.5, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let value else { return XCTFail("\(what): missing", file: file, line: line) }
        XCTAssertEqual(value, expected, accuracy: within, what, file: file, line: line)
    }

    func testTimelineMatchesTheScenario() throws {
        let (report, _) = try report()
        XCTAssertEqual(report.incidents.count, 1)
        let incident = report.incidents[0]
        XCTAssertEqual(incident.anchor, "broker shutdown")
        XCTAssertEqual(incident.t0, "2026-11-24T10:00:00.003Z")
        XCTAssertTrue(incident.anchorEvidence.hasPrefix("samples/kafka-6d8f9c7b5-q2w8r.log.gz:"))

        let rows = incident.timeline
        func first(_ kind: String, role: String? = nil) -> Double? {
            rows.first { $0.what.hasPrefix(kind) && (role == nil || $0.what.contains(role!)) }?.offsetSeconds
        }
        assertNear(first("connection to broker failed", role: "(producer"), 5, "producer connection failures")
        assertNear(first("disconnected from broker", role: "(consumer"), 10, "consumer disconnect")
        assertNear(first("producer batch expired"), 30, "first expiry")
        assertNear(incident.phases.first { $0.phase == "broker starting" }?.offsetSeconds, 45, within: 3, "new broker pod starting")
        assertNear(incident.brokerBack?.offsetSeconds, 58, "broker started")
        XCTAssertFalse(incident.brokerBackInferred)
        for service in ["notification-service", "prism-service"] {
            let row = incident.services.first { $0.service == service }
            XCTAssertEqual(row?.recoveryBasis, "recovery line", service)
            assertNear(row?.recovered.offsetSeconds, 60, service + " reconnected")
        }
        XCTAssertEqual(Set(incident.services.map(\.service)), ["shopping-service", "notification-service", "prism-service"])
        // Spring's producer listener names no client: its expiries go to the service's one producer, and
        // a consumer's recovery line does not end a producer's impact.
        let clients = incident.services.flatMap { service in service.clientRows.map { "\(service.service) \($0.client) \($0.recoveryBasis)" } }.sorted()
        XCTAssertEqual(clients, ["notification-service notification-consumer-0 recovery line",
                                 "prism-service prism-consumer-0 recovery line",
                                 "prism-service prism-producer-1 no recovery line; not before the broker was back",
                                 "shopping-service shopping-producer-1 no recovery line; not before the broker was back"])
        // The producers' first publish after the outage (an app line, 10:00:58.6) is just after the broker's startup.
        for client in ["shopping-producer-1", "prism-producer-1"] {
            let row = incident.services.flatMap(\.clientRows).first { $0.client == client }
            assertNear(row?.recovered.offsetSeconds, 58, client + " recovered")
        }
        assertNear(incident.services.first { $0.service == "shopping-service" }?.firstFailure.offsetSeconds, 5, "shopping first failure")
    }

    func testLostMessagesEqualTheExpiredRecordsEachBatchOnce() throws {
        let (report, markdown) = try report()
        let lost = report.incidents[0].lost
        XCTAssertEqual(lost.records, 8)
        XCTAssertEqual(lost.batches, 4)
        XCTAssertEqual(lost.reportingLines, 8, "8 ERROR records report the 4 batches")
        XCTAssertEqual(lost.upperBound, 8)
        XCTAssertEqual(lost.possibleUnknownSize, 0)
        XCTAssertEqual(lost.rows.map { "\($0.service) \($0.topicPartition) \($0.records)" },
                       ["prism-service ai-jobs-0 2", "shopping-service orders-0 3", "shopping-service orders-1 2", "shopping-service orders-2 1"])
        XCTAssertEqual(report.summary.lostRecords, 8)

        // The same numbers in the Markdown, read as tables.
        let tables = MarkdownTable.all(in: markdown)
        let lostTable = try XCTUnwrap(tables.first { $0.heading == "Lost messages" && $0.table.header.contains("Confirmed lost") }?.table)
        let byPartition = Dictionary(uniqueKeysWithValues: lostTable.records.map { ($0["Topic-partition"]!, Int($0["Confirmed lost"]!)!) })
        XCTAssertEqual(byPartition, ["orders-0": 3, "orders-1": 2, "orders-2": 1, "ai-jobs-0": 2])
        let summary = try XCTUnwrap(tables.first { $0.heading == "Summary" }?.table)
        XCTAssertEqual(summary.rows.first { $0[0] == "**Lost messages**" }?[1].hasPrefix("8 records"), true)
        for (heading, table) in tables {
            for row in table.rows { XCTAssertEqual(row.count, table.header.count, "a row of '\(heading)' has the wrong number of cells") }
        }
    }

    func testEveryFileIsReadWithTheRightFormat() throws {
        let (report, _) = try report()
        let files = Dictionary(uniqueKeysWithValues: report.inputs.files.map { ($0.pod, $0) })
        XCTAssertEqual(files.count, 5)
        XCTAssertEqual(files["kafka-6d8f9c7b5-q2w8r"]?.layout, .log4jBracket)
        XCTAssertEqual(files["notification-service-5c8f7d9b4-h6jkl"]?.envelope, .cri)
        XCTAssertEqual(files["prism-service-6b7c8d9f5-m3n4p"]?.layout, .springBoot)
        XCTAssertEqual(files["shopping-service-7d9f8c6b5-x2k4p"]?.envelope, .kubectl)
        XCTAssertTrue(report.inputs.files.allSatisfy { !$0.isPartial && $0.compression == .gzip && $0.recordsWithoutTimestamp == 0 })
        // The two-member prism file is read to its end (10:03 is in the second member).
        XCTAssertEqual(files["prism-service-6b7c8d9f5-m3n4p"]?.lastTime.map { $0.iso8601 > "2026-11-24T10:01" }, true)
    }

    /// The game-day plan against the samples, with the application pack that knows the "Published" lines.
    func testExpectedVersusObserved() throws {
        let (report, markdown) = try report(["--scenario", "examples/kafka-broker-down.scenario.yaml", "--patterns", "examples/portal-universe/patterns"])
        let scenario = try XCTUnwrap(report.incidents[0].scenario)
        let observed = Dictionary(uniqueKeysWithValues: scenario.milestones.map { ($0.milestone, $0.observedOffsetSeconds) })
        assertNear(observed["Kafka pod deleted"] ?? nil, 0, within: 0.01, "T+0")
        assertNear(observed["Producer connection failures begin"] ?? nil, 5, "producer failures")
        assertNear(observed["Consumer disconnect"] ?? nil, 10, "consumer disconnect")
        assertNear(observed["Producer TimeoutException (first expired batch)"] ?? nil, 30, "expiry")
        assertNear(observed["New Kafka pod running"] ?? nil, 47, "new pod")
        assertNear(observed["Producers and consumers reconnect"] ?? nil, 58.6, "first reconnect (a producer's first successful send)")
        let checks = Dictionary(uniqueKeysWithValues: scenario.checks.map { ($0.check, $0.verdict) })
        XCTAssertEqual(checks["Kafka availability (kafka_brokers > 0)"], "violated")
        XCTAssertEqual(checks["Producer success rate >= 0.99"], "violated")
        XCTAssertEqual(checks["Consumer lag < 1000"], "cannot be decided from these logs")
        // The seed's alert rules: the broker was down 58 s, so KafkaBrokerDown (for: 30s) fires at T+30; the
        // first expired batch at T+30 keeps the 5-minute error rate above 0, so KafkaProducerErrors fires at T+90.
        let alerts = Dictionary(uniqueKeysWithValues: scenario.alerts.map { ($0.alert, $0) })
        XCTAssertEqual(alerts["KafkaBrokerDown"]?.verdict, "would have fired")
        assertNear(alerts["KafkaBrokerDown"]?.firesOffsetSeconds ?? nil, 30, within: 0.1, "broker-down alert")
        assertNear(alerts["KafkaBrokerDown"]?.resolvedOffsetSeconds ?? nil, 58, "broker-down alert resolves")
        assertNear(alerts["KafkaProducerErrors"]?.firesOffsetSeconds ?? nil, 90, "producer-error alert")
        let alertTable = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.table.header.first == "Alert" }?.table)
        XCTAssertEqual(alertTable.records.map { $0["Fires"] }, ["T+30 s", "T+90 s"])
        let table = MarkdownTable.all(in: markdown).first { $0.heading.hasPrefix("Expected vs observed") }?.table
        XCTAssertEqual(table?.rows.count, 7)
        XCTAssertEqual(table?.records.first { $0["Milestone"] == "Consumer disconnect" }?["Expected"], "T+10 s")
        // With the application's "Published" lines, producers recover at their first successful send.
        let shopping = report.incidents[0].services.first { $0.service == "shopping-service" }
        XCTAssertEqual(shopping?.recoveryBasis, "first successful send")
        assertNear(shopping?.recovered.offsetSeconds, 58.6, "shopping recovered")
        // prism-service has a producer and a consumer: each client recovers on its own evidence, and the
        // service when the last of them has.
        let prism = try XCTUnwrap(report.incidents[0].services.first { $0.service == "prism-service" })
        let clients = Dictionary(uniqueKeysWithValues: prism.clientRows.map { ($0.client, $0) })
        XCTAssertEqual(clients["prism-producer-1"]?.recoveryBasis, "first successful send")
        assertNear(clients["prism-producer-1"]?.recovered.offsetSeconds, 58.7, "prism producer")
        XCTAssertEqual(clients["prism-consumer-0"]?.recoveryBasis, "recovery line")
        assertNear(clients["prism-consumer-0"]?.recovered.offsetSeconds, 60.6, "prism consumer")
        assertNear(prism.recovered.offsetSeconds, 60.6, "prism-service as a whole")
        let delayed = Dictionary(uniqueKeysWithValues: report.incidents[0].delayed.map { ($0.client, $0.seconds) })
        XCTAssertEqual(Set(delayed.keys), ["notification-consumer-0", "prism-consumer-0"])
        assertNear(delayed["notification-consumer-0"] ?? nil, 50.1, "notification consumer cut off")
        // The committed offsets the consumers resumed from, as their "Setting offset" lines print them.
        let offsets = Dictionary(uniqueKeysWithValues: report.incidents[0].offsets.map { ($0.topicPartition, $0.after) })
        XCTAssertEqual(offsets["orders-0"] ?? nil, "1023")
        XCTAssertEqual(offsets["ai-results-0"] ?? nil, "5492")
    }

    func testSameReportWhateverTheOrderJobsOrInflateBackend() throws {
        var paths = InputPaths.expand([Self.samples])
        let reference = TestSupport.ingest(paths, jobs: 1).report
        let referenceMarkdown = MarkdownReport.render(reference)
        let referenceJSON = JSONReport.render(reference)
        for (jobs, backend) in [(2, InflateBackend.zlib), (4, .isal), (1, .zlib)] {
            paths.reverse()
            let other = TestSupport.ingest(paths, jobs: jobs, inflate: backend).report
            XCTAssertEqual(MarkdownReport.render(other), referenceMarkdown)
            XCTAssertEqual(JSONReport.render(other), referenceJSON)
        }
    }

    func testTimesketchExport() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let result = TestSupport.logtrace(["ingest", "--events", dir + "/events.jsonl", "-o", dir + "/r.md", "samples"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try String(contentsOfFile: dir + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 200)
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertNotNil(object["message"] as? String)
            XCTAssertNotNil(object["datetime"] as? String)
            XCTAssertNotNil(object["timestamp_desc"] as? String)
            XCTAssertNotNil(object["timestamp"] as? Int)
        }
    }

    /// The broker pod deleted and replaced: its old pod's last line and the new pod's first line are
    /// phases of the incident, in the JSON and in the Markdown Phases table, each with its file and line.
    func testBrokerPodReplacementIsAPhase() throws {
        let (report, markdown) = try report()
        let phases = try XCTUnwrap(report.incidents.first?.phases)
        let old = try XCTUnwrap(phases.first { $0.phase == "old pod's last line: kafka-6d8f9c7b5-q2w8r" })
        let new = try XCTUnwrap(phases.first { $0.phase == "new pod's first line: kafka-6d8f9c7b5-z7m4k" })
        XCTAssertEqual(old.evidence, "samples/kafka-6d8f9c7b5-q2w8r.log.gz:144")
        XCTAssertEqual(new.evidence, "samples/kafka-6d8f9c7b5-z7m4k.log.gz:1")
        assertNear(new.offsetSeconds, 46.4, within: 0.1, "new broker pod's first line")
        XCTAssertLessThan(try XCTUnwrap(old.offsetSeconds), try XCTUnwrap(new.offsetSeconds))
        let table = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.heading == "Phases" }?.table)
        XCTAssertTrue(table.rows.contains { $0[0] == "new pod's first line: kafka-6d8f9c7b5-z7m4k" && $0[1] == "T+46.4 s" }, "\(table.rows)")
        // Services whose pods log side by side (none ends before another starts) have no such phase.
        XCTAssertFalse(phases.contains { $0.phase.contains("prism-service") && $0.phase.hasPrefix("old pod") })
    }

    /// A kubelet log named `1.log` is the container's first restart: its first line is a phase.
    func testContainerRestartIsAPhase() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let kubectl = TestSupport.repoRoot + "/bench/scenarios/single-outage/logs/"
        let files = try FileManager.default.contentsOfDirectory(atPath: kubectl).sorted()
        let producer = try XCTUnwrap(files.first { $0.hasPrefix("orders-api-") })
        for name in files where name != producer { try FileManager.default.copyItem(atPath: kubectl + name, toPath: dir + "/" + name) }
        let lines = PodCopies.lines(of: kubectl + producer)
        let restart = PodCopies.criPath(root: dir, pod: PodCopies.pod(ofFile: producer)).replacingOccurrences(of: "/0.log", with: "/1.log")
        TestSupport.writeBytes(PodCopies.cri(fromKubectl: lines), to: restart)
        let json = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", dir])
        let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        let row = try XCTUnwrap(report.incidents.first?.phases.first { $0.phase.hasPrefix("container restarted: orders-api-") }, json.stderr)
        XCTAssertTrue(row.basis.contains("restart 1 of its container"), row.basis)
        XCTAssertEqual(row.evidence, restart + ":1")
    }
}
