import XCTest
@testable import LogTrace

final class ConsumerBacklogTests: XCTestCase {
    /// A consumer of orders-0 cut off from T+10 to its rejoin at T+20: the sends acknowledged to orders-0
    /// in between are its backlog (orders-1's are not); a producer of orders that logs only failures is
    /// named as adding records no line counts.
    func testAcknowledgedSendsToItsPartitionsWhileCutOffAreItsBacklog() throws {
        var events = [
            makeEvent(0, .brokerShutdown, service: "kafka"),
            makeEvent(10, .disconnected, service: "ledger", fields: ["client": "ledger#consumer-1"]),
            makeEvent(11, .connectFailed, service: "ledger", fields: ["client": "ledger#consumer-1"]),
            makeEvent(12, .batchExpired, service: "payments", fields: ["count": "2", "topic": "orders", "partition": "0"]),
            makeEvent(15, .brokerStarted, service: "kafka"),
            makeEvent(20, .reconnected, service: "ledger", fields: ["client": "ledger#consumer-1", "topic": "orders", "partition": "0"]),
        ]
        events += (0..<5).map { makeEvent(15.5 + Double($0), .sendSucceeded, service: "orders-api", line: 100 + $0, fields: ["topic": "orders", "partition": "0"]) }
        events += (0..<3).map { makeEvent(16.5 + Double($0), .sendSucceeded, service: "orders-api", line: 200 + $0, fields: ["topic": "orders", "partition": "1"]) }
        events.append(makeEvent(25, .sendSucceeded, service: "orders-api", line: 300, fields: ["topic": "orders", "partition": "0"]))
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events.sorted(by: Event.precedes)).incidents.first)
        let ledger = try XCTUnwrap(incident.services.first { $0.service == "ledger" }?.clientImpacts.first)
        XCTAssertTrue(ledger.isConsumer, "librdkafka's instance name says it is a consumer")
        let backlog = try XCTUnwrap(ledger.backlog)
        XCTAssertEqual(backlog.topics, ["orders-0"])
        XCTAssertEqual(backlog.acknowledged, 5)
        XCTAssertEqual(backlog.countedProducers, ["orders-api"])
        XCTAssertEqual(backlog.uncountedProducers, ["payments"])
    }

    /// A consumer whose lines name no topic has an unknown backlog, not 0.
    func testAConsumerNamingNoTopicHasAnUnknownBacklog() throws {
        let events = [
            makeEvent(10, .coordinatorLost, service: "ledger", fields: ["group": "g"]),
            makeEvent(11, .connectFailed, service: "ledger", fields: ["group": "g"]),
            makeEvent(12, .connectFailed, service: "ledger", fields: ["group": "g"]),
            makeEvent(15, .sendSucceeded, service: "orders-api", fields: ["topic": "orders", "partition": "0"]),
            makeEvent(20, .reconnected, service: "ledger", fields: ["group": "g"]),
        ]
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events).incidents.first)
        let backlog = try XCTUnwrap(incident.services.first { $0.service == "ledger" }?.clientImpacts.first?.backlog)
        XCTAssertEqual(backlog.topics, [])
        XCTAssertNil(backlog.acknowledged)
    }

    func testAClientIdNamesItsRoleOnlyWhenItNamesOne() {
        XCTAssertEqual(ClientImpact.role(namedBy: "orders#producer-1"), "Producer")
        XCTAssertEqual(ClientImpact.role(namedBy: "consumer-ledger-group-1"), "Consumer")
        XCTAssertNil(ClientImpact.role(namedBy: "consumer-gateway-producer"))
        XCTAssertNil(ClientImpact.role(namedBy: "ledger-writer"))
    }
}
