import XCTest
@testable import LogTrace

final class IncidentBuilderTests: XCTestCase {
    func testBrokerShutdownAnchorsTZeroAndRecoveriesFollow() {
        let events = [
            makeEvent(0, .brokerShutdown, service: "kafka"),
            makeEvent(5, .connectFailed, fields: ["role": "Producer", "client": "shopping-producer"]),
            makeEvent(6, .connectFailed, fields: ["role": "Producer", "client": "shopping-producer"]),
            makeEvent(10, .coordinatorLost, service: "notification-service", fields: ["role": "Consumer", "group": "g"]),
            makeEvent(30, .batchExpired, fields: ["count": "3", "topic": "orders", "partition": "0"]),
            makeEvent(57, .connectFailed, service: "notification-service", fields: ["role": "Consumer"]),
            makeEvent(58, .brokerStarted, service: "kafka"),
            makeEvent(60, .reconnected, service: "notification-service", fields: ["role": "Consumer"]),
        ]
        let (incidents, isolated) = IncidentBuilder().build(events: events)
        XCTAssertEqual(incidents.count, 1)
        XCTAssertEqual(isolated.count, 0)
        let incident = incidents[0]
        XCTAssertEqual(incident.anchor, .brokerShutdown)
        XCTAssertEqual(incident.offset(incident.firstSymptom.time), 5)
        XCTAssertEqual(incident.brokerBack.map { incident.offset($0.time) }, 58)
        XCTAssertEqual(incident.services.map(\.service), ["shopping-service", "notification-service"])
        let notification = incident.services[1]
        XCTAssertEqual(notification.recoveryBasis, .recoveryLine)
        XCTAssertEqual(incident.offset(notification.recoveredAt), 60)
        XCTAssertTrue(notification.isConsumer)
        let shopping = incident.services[0]
        // Its failures stopped at T+30 with no recovery line: it recovered no earlier than the broker's startup.
        XCTAssertEqual(shopping.recoveryBasis, .brokerBack)
        XCTAssertEqual(incident.offset(shopping.recoveredAt), 58)
        XCTAssertEqual(incident.lost.totalRecords, 3)
    }

    func testGapSplitsIncidentsAndAStrayWarningIsIsolated() {
        var events: [Event] = []
        for t in stride(from: 0.0, to: 40, by: 2) { events.append(makeEvent(t, .connectFailed)) }
        events.append(makeEvent(1800, .connectFailed, service: "notification-service"))
        for t in stride(from: 3600.0, to: 3640, by: 2) { events.append(makeEvent(t, .connectFailed)) }
        let (incidents, isolated) = IncidentBuilder(gapSeconds: 300).build(events: events)
        XCTAssertEqual(incidents.count, 2)
        XCTAssertEqual(isolated.count, 1)
        XCTAssertEqual(incidents.map(\.number), [1, 2])
        XCTAssertEqual(incidents[1].t0.seconds(since: incidents[0].t0), 3600)
    }

    func testWithoutBrokerLogTZeroIsTheFirstSymptom() {
        let events = (0..<5).map { makeEvent(Double($0), .connectFailed) }
        let incident = IncidentBuilder().build(events: events).incidents[0]
        XCTAssertEqual(incident.anchor, .firstSymptom)
        XCTAssertEqual(incident.t0, events[0].time)
    }

    /// A service whose only line is a producer logger's startup line is both silent and a known
    /// producer: its unknown loss is listed once, with the reason that says it produces.
    func testASilentKnownProducerIsUnknownOnce() throws {
        var events = (0..<4).map { makeEvent(Double($0), .connectFailed, fields: ["client": "orders-producer"]) }
        events.insert(makeEvent(-60, .clientRole, service: "cart-api", fields: ["role": "Producer"]), at: 0)
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events, silentServices: ["cart-api": events[0].time]).incidents.first)
        let unknown = incident.lost.unbounded.filter { $0.service == "cart-api" }
        XCTAssertEqual(unknown.map(\.reason), ["its producer logs no failure and no per-record outcome: nothing tells what it lost"])
    }
}
