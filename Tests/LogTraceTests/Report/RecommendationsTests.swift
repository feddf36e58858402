import XCTest
@testable import LogTrace

final class RecommendationsTests: XCTestCase {
    /// A producer that logged its config (the Java client's `ProducerConfig values:`, delivery.timeout.ms
    /// = 30000) and whose batches expired after 30 s of a 58 s outage: the item quotes the value it logged
    /// and cites the line, beside the expiries.
    func testTheDeliveryTimeoutAProducerLoggedIsQuoted() throws {
        let config = makeEvent(-120, .clientRole, line: 12, fields: ["role": "Producer", "client": "shopping-producer-1", "delivery_timeout_ms": "30000"])
        let events = [
            config,
            makeEvent(0, .brokerShutdown, service: "kafka"),
            makeEvent(5, .connectFailed, fields: ["role": "Producer", "client": "shopping-producer-1"]),
            makeEvent(30, .batchExpired, line: 111, fields: ["count": "3", "topic": "orders", "partition": "0", "elapsed_ms": "30012"]),
            makeEvent(58, .brokerStarted, service: "kafka"),
        ]
        let incidents = IncidentBuilder().build(events: events).incidents
        let item = try XCTUnwrap(Recommendations.make(incidents, files: [], configs: [config]).first { $0.what.hasPrefix("Give producers a delivery timeout") })
        XCTAssertTrue(item.why.contains("shopping-service logged delivery.timeout.ms = 30000 (30 s)"), item.why)
        XCTAssertTrue(item.evidence.contains(config.evidence), "\(item.evidence)")
        XCTAssertTrue(item.what.contains("about 88 s"), item.what)

        let unlogged = try XCTUnwrap(Recommendations.make(incidents, files: []).first { $0.what.hasPrefix("Give producers a delivery timeout") })
        XCTAssertFalse(unlogged.why.contains("logged delivery.timeout.ms"))
    }

    /// The pack's entry reads the dump as the Java client prints it: one record of tab-led settings.
    func testTheProducerConfigDumpIsReadAsOneRecord() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let dump = "2026-11-24T09:58:01.102Z  INFO 1 --- [shopping-service] [           main] o.a.k.clients.producer.ProducerConfig    : ProducerConfig values: \n"
            + ["acks = -1", "batch.size = 16384", "client.id = shopping-producer-1", "delivery.timeout.ms = 120000", "request.timeout.ms = 30000"].map { "\t" + $0 + "\n" }.joined()
            + "2026-11-24T09:58:01.180Z  INFO 1 --- [shopping-service] [           main] o.a.kafka.common.utils.AppInfoParser     : Kafka version: 3.7.1\n"
        try dump.write(toFile: dir + "/shopping-service-7d9f8c6b5-x2k4p.log", atomically: true, encoding: .utf8)
        let scanner = Pipeline().scanner(patterns: TestSupport.defaultPatterns)
        let (_, events) = scanner.scan(path: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let event = try XCTUnwrap(events.first)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(event.kind, .clientRole)
        XCTAssertEqual(event.fields["delivery_timeout_ms"], "120000")
        XCTAssertEqual(event.client, "shopping-producer-1")
        XCTAssertEqual(event.fields["role"], "Producer")
    }
}
