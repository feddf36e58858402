import Foundation
import XCTest
@testable import LogTrace

/// The report on outages recorded with real clients (bench/scenarios, truth written at recording time),
/// read back through the real JSON and Markdown parsers.
final class RecordedOutagesTests: XCTestCase {
    static func scenario(_ name: String) -> String { TestSupport.repoRoot + "/bench/scenarios/" + name }

    func truth(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.scenario(name) + "/truth.json"))) as! [String: Any]
    }

    func time(_ text: String) -> Timestamp? {
        Array(text.utf8).withUnsafeBytes { TimestampParser().parse($0)?.0 }
    }

    /// Two Sarama producers whose library logs nothing (the default discard logger) and whose
    /// application logs no per-record outcome lost 234 records in a 20 s outage. The summary must not
    /// state an exact loss: it says at least N, and that the loss of those services is unknown.
    func testProducerThatLogsNoOutcomeGetsNoExactLoss() throws {
        let truth = try self.truth("silent-producer")
        let lost = (truth["per_outage"] as! [[String: Any]]).reduce(0) { $0 + ($1["lost"] as! Int) }
        XCTAssertEqual(lost, 234)
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("silent-producer") + "/logs"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 1)
        XCTAssertNil(report.summary.lostRecordsUpperBound.value, "no upper bound can be proven")
        XCTAssertLessThanOrEqual(report.summary.lostRecords, lost)
        XCTAssertTrue(report.summary.lostUnknownFor.contains { $0.service == "events-api" }, "\(report.summary.lostUnknownFor)")
        XCTAssertTrue(result.stdout.contains("\"lostRecordsUpperBound\" : null"), "the JSON says null, not a number")

        let markdown = TestSupport.logtrace(["ingest", "--quiet", Self.scenario("silent-producer") + "/logs"]).stdout
        let summary = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.heading == "Summary" }?.table)
        let row = try XCTUnwrap(summary.rows.first { $0[0] == "**Lost messages**" }?[1])
        XCTAssertTrue(row.hasPrefix("at least \(report.summary.lostRecords) record"), row)
        XCTAssertTrue(row.contains("unknown for clicks-api, events-api (no Kafka client line"), row)
    }

    /// Two 15 s outages 60 s apart: two incidents, each with its own T+0 near its outage's start, its
    /// own recovery and its own loss, and each outage's truth inside its incident's interval.
    func testTwoOutagesAreTwoIncidentsWithTheirOwnLoss() throws {
        let truth = try self.truth("two-outages-60s")
        let outages = truth["outages"] as! [[String: Any]]
        let perOutage = (truth["per_outage"] as! [[String: Any]]).map { $0["lost"] as! Int }
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("two-outages-60s") + "/logs"])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 2)
        for (incident, (outage, lost)) in zip(report.incidents, zip(outages, perOutage)) {
            let start = try XCTUnwrap(time(outage["start"] as! String))
            let symptom = try XCTUnwrap(time(incident.firstSymptom.time))
            XCTAssertEqual(symptom.seconds(since: start), 0, accuracy: 1, "first symptom within 1 s of the relay's kill")
            XCTAssertLessThanOrEqual(incident.lost.records, lost)
            XCTAssertGreaterThanOrEqual(incident.lost.upperBound.value ?? .max, lost)
        }
    }

    /// Each named service's reported recovery, and the truth's first success after the scenario's only outage.
    func recoveries(_ name: String, services: [String]) throws -> [(service: String, reported: Report.ServiceRow, truth: Timestamp)] {
        let truth = try self.truth(name)
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario(name) + "/logs"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 1)
        return try services.map { service in
            let firsts = (truth["services"] as! [[String: Any]]).filter { $0["service"] as? String == service }
                .compactMap { ($0["first_success_after_outage"] as? [Any])?.first as? String }.compactMap(time)
            let row = try XCTUnwrap(report.incidents.first?.services.first { $0.service == service }, service)
            return (service, row, try XCTUnwrap(firsts.min(), service))
        }
    }

    /// A frozen broker: aiokafka's producer logs its last failure seconds before the broker answers again,
    /// and no recovery line. It cannot have recovered before the broker was back (the other producers'
    /// first acknowledgements), so its recovery is dated then, within 3 s of the truth, and says why.
    func testAClientWithoutRecoveryLineRecoversNoEarlierThanTheBroker() throws {
        let (_, row, truth) = try XCTUnwrap(recoveries("broker-freeze", services: ["pricing-api"]).first)
        XCTAssertEqual(row.recoveryBasis, ServiceImpact.RecoveryBasis.brokerBack.rawValue)
        let recovered = try XCTUnwrap(time(row.recovered.time))
        XCTAssertEqual(recovered.seconds(since: truth), 0, accuracy: 3, "\(row.recovered)")
        XCTAssertGreaterThan(recovered, try XCTUnwrap(time(row.lastFailure.time)), "later than its own last failure")
    }

    /// aiokafka consumers find their coordinator as soon as the broker is back, then log the churn of
    /// rejoining (the old generation's commit refused, the session expired) for 5 s: the first recovery
    /// after the broker's return stands, within 3 s of the truth, rather than the rejoin after the churn.
    func testRejoinChurnAfterTheBrokerIsBackDoesNotDelayRecovery() throws {
        for (service, row, truth) in try recoveries("replicas", services: ["payments-ledger", "payments-api", "orders-api"]) {
            let recovered = try XCTUnwrap(time(row.recovered.time))
            XCTAssertEqual(recovered.seconds(since: truth), 0, accuracy: 3, "\(service): \(row.recovered)")
        }
    }

    /// librdkafka's consumer logs only its connection failures, under its instance name `ledger-writer#consumer-1`:
    /// that name makes it a consumer, so each outage lists it among the delayed consumers, its backlog
    /// unknown because its lines name no topic.
    func testALibrdkafkaConsumerIsListedAsDelayed() throws {
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("two-outages-60s") + "/logs"])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 2)
        for incident in report.incidents {
            let row = try XCTUnwrap(incident.delayed.first { $0.service == "ledger-writer" }, "\(incident.delayed.map(\.service))")
            XCTAssertEqual(row.client, "ledger-writer#consumer-1")
            XCTAssertNil(row.messagesBehindAtLeast)
            XCTAssertTrue(row.messagesBehindBasis.hasPrefix("unknown"), row.messagesBehindBasis)
        }
    }

    /// A 15 s freeze with kafka-python 2.0.2: after each request timeout the client logs `Connection
    /// complete.` at once (the stopped broker's kernel still accepts connections). That proves no answer,
    /// so the freeze is one incident, not three, and its interval holds the 109 records lost.
    func testAFreezeIsOneIncidentThoughTheClientReconnectsAtOnce() throws {
        let truth = try self.truth("freeze-15s-kafka-python-2")
        let lost = (truth["per_outage"] as! [[String: Any]]).reduce(0) { $0 + ($1["lost"] as! Int) }
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("freeze-15s-kafka-python-2") + "/logs"])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 1)
        let incident = try XCTUnwrap(report.incidents.first)
        XCTAssertLessThanOrEqual(incident.lost.records, lost)
        XCTAssertGreaterThanOrEqual(incident.lost.upperBound.value ?? .max, lost)
    }

    /// "What these logs cannot tell": the file kept without timestamps, and the services with no Kafka
    /// client line, each named with its files.
    func testBlindSpotsNameTheirFiles() throws {
        let mixed = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("mixed-libraries") + "/logs"]).stdout.utf8))
        let untimed = try XCTUnwrap(mixed.incidents.first?.blindSpots.first { $0.what.hasPrefix("no timestamps") })
        XCTAssertEqual(untimed.files.count, 1)
        XCTAssertTrue(untimed.files[0].contains("/shipping-worker-"), "\(untimed.files)")

        let silent = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("silent-producer") + "/logs"]).stdout.utf8))
        let spots = try XCTUnwrap(silent.incidents.first?.blindSpots)
        XCTAssertEqual(spots.filter { $0.what.contains("its loss is unknown") }.map { $0.what.prefix(while: { $0 != ":" }) }, ["clicks-api", "events-api"])
        XCTAssertTrue(spots.allSatisfy { !$0.files.isEmpty })
    }

    /// The report opens with what happened, per incident, before the summary table: the first symptom
    /// with its evidence, who was hit, the loss as its interval, and when everything was back.
    func testReportOpensWithWhatHappened() throws {
        let markdown = TestSupport.logtrace(["ingest", "--quiet", Self.scenario("two-outages-60s") + "/logs"]).stdout
        let story = try XCTUnwrap(markdown.components(separatedBy: "## What happened\n").dropFirst().first?.components(separatedBy: "## Summary").first)
        let paragraphs = story.split(separator: "\n").filter { !$0.isEmpty }
        XCTAssertEqual(paragraphs.count, 2, story)
        for (i, paragraph) in paragraphs.enumerated() {
            XCTAssertTrue(paragraph.hasPrefix("**Incident \(i + 1).** The first client failure came at "), String(paragraph))
            XCTAssertTrue(paragraph.contains("102 records lost."), String(paragraph))
            XCTAssertTrue(paragraph.contains("Everything was back at T+"), String(paragraph))
        }
        XCTAssertLessThan(markdown.range(of: "## What happened")!.lowerBound, markdown.range(of: "## Summary")!.lowerBound)
    }

    /// A 4 s broker freeze, shorter than every request timeout: no library logs anything, but the
    /// confluent-kafka producer's delivery reports stop for 4 s and then come all at once. That is an
    /// incident of its own, from the last report before the silence to the burst, and the kafka-python
    /// producer (whose library logs every batch it gives up on) is not a blind spot.
    func testShortFreezeShowsAsStalledSends() throws {
        let truth = try self.truth("short-freeze")
        let outage = try XCTUnwrap((truth["outages"] as! [[String: Any]]).first)
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("short-freeze") + "/logs"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let incident = try XCTUnwrap(report.incidents.first)
        XCTAssertEqual(report.incidents.count, 1)
        XCTAssertEqual(incident.firstSymptom.what.hasPrefix(EventKind.deliveriesStalled.phrase), true, incident.firstSymptom.what)
        let start = try XCTUnwrap(time(outage["start"] as! String)), end = try XCTUnwrap(time(outage["end"] as! String))
        XCTAssertEqual(try XCTUnwrap(time(incident.firstSymptom.time)).seconds(since: start), 0, accuracy: 0.5)
        XCTAssertEqual(try XCTUnwrap(time(try XCTUnwrap(incident.brokerBack).time)).seconds(since: end), 0, accuracy: 0.5)
        XCTAssertEqual(incident.services.map(\.service), ["orders-api"])
        XCTAssertEqual(incident.lost.upperBound.value, 0, "every producer there logs its failures: [0, 0] is proven")

        let quiet = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("quiet-day") + "/logs"]).stdout.utf8))
        XCTAssertEqual(quiet.incidents.count, 0, "a quiet day's producers pause without a backlog")
    }

    /// aiokafka logs its retries ("Got error produce response", a producer-only line) but not the records
    /// it gives up on, and the application logs no outcome: three short outages each get "at least 0",
    /// with cart-api's loss unknown, never an exact 0.
    func testProducerKnownByItsLoggerGetsAnUnknownLoss() throws {
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("three-short-outages") + "/logs"])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 3)
        for incident in report.incidents {
            XCTAssertNil(incident.lost.upperBound.value)
            XCTAssertEqual(incident.lost.unknownFor.map(\.service), ["cart-api"])
        }
        let markdown = TestSupport.logtrace(["ingest", "--quiet", Self.scenario("three-short-outages") + "/logs"]).stdout
        let summary = try XCTUnwrap(MarkdownTable.all(in: markdown).first { $0.heading == "Summary" }?.table)
        let row = try XCTUnwrap(summary.rows.first { $0[0] == "**Lost messages**" }?[1])
        XCTAssertTrue(row.hasPrefix("at least 0 records"), row)
        XCTAssertTrue(row.contains("unknown for cart-api"), row)
    }

    /// "What to fix" comes from evidence only: one broker behind every failure, a producer whose loss
    /// cannot be counted; each item cites lines that exist. A quiet day gets none.
    func testRecommendationsCiteTheirEvidence() throws {
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("silent-producer") + "/logs"])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let whats = report.recommendations.map(\.what)
        XCTAssertTrue(whats[0].hasPrefix("Run the topics on at least three brokers"), "\(whats)")
        XCTAssertTrue(report.recommendations[0].why.contains("node 111"), report.recommendations[0].why)
        XCTAssertEqual(whats.filter { $0.hasPrefix("Log each send's outcome in ") },
                       ["Log each send's outcome in clicks-api, events-api: a delivery callback, or the result of the send's future."],
                       "services with the same reason share one item")
        for item in report.recommendations {
            XCTAssertFalse(item.evidence.isEmpty, item.what)
            for evidence in item.evidence {
                let path = evidence.split(separator: ":").first.map(String.init) ?? evidence
                XCTAssertTrue(FileManager.default.fileExists(atPath: path.hasPrefix("/") ? path : TestSupport.repoRoot + "/" + path), evidence)
            }
        }
        let markdown = TestSupport.logtrace(["ingest", "--quiet", Self.scenario("silent-producer") + "/logs"]).stdout
        let section = try XCTUnwrap(markdown.components(separatedBy: "## What to fix\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        XCTAssertEqual(section.split(separator: "\n").filter { $0.hasPrefix("- **") }.count, report.recommendations.count)

        let quiet = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", Self.scenario("quiet-day") + "/logs"]).stdout.utf8))
        XCTAssertEqual(quiet.recommendations.count, 0)
    }
}
