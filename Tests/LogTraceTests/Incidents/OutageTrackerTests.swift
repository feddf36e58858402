import XCTest
@testable import LogTrace

/// Outage boundaries come from the clients' state: an outage ends when every client that failed has
/// recovered, and the next failure starts a new one, however soon.
final class OutageTrackerTests: XCTestCase {
    let producer = ["role": "Producer", "client": "orders-producer"]
    let consumer = ["role": "Consumer", "client": "billing-consumer", "group": "billing"]

    /// Three 5 s outages 20 s apart, each ending with the consumer's recovery line: three incidents,
    /// each with its own T+0 and recovery, although the default gap is 300 s.
    func testOutagesSecondsApartAreSeparateIncidents() {
        var events: [Event] = []
        for start in [0.0, 25, 50] {
            for t in stride(from: start, to: start + 5, by: 1) { events.append(makeEvent(t, .connectFailed, fields: producer)) }
            events.append(makeEvent(start + 0.5, .disconnected, service: "billing-service", fields: consumer))
            events.append(makeEvent(start + 6, .reconnected, service: "billing-service", fields: consumer))
            events.append(makeEvent(start + 6.2, .sendSucceeded, fields: ["client": "orders-producer"]))
        }
        let (incidents, isolated) = IncidentBuilder().build(events: events.sorted(by: Event.precedes))
        XCTAssertEqual(isolated.count, 0)
        XCTAssertEqual(incidents.count, 3)
        for (incident, start) in zip(incidents, [0.0, 25, 50]) {
            XCTAssertEqual(incident.t0.seconds(since: events[0].time), start, accuracy: 0.001)
            XCTAssertEqual(incident.end.seconds(since: incident.t0), 6.2, accuracy: 0.001)
            XCTAssertEqual(incident.services.map(\.recoveryBasis), [.successfulSend, .recoveryLine])
        }
    }

    /// A frozen broker: a request times out, the client reconnects at once (the kernel completes the
    /// handshake) and times out again 5 s later. A line that proves only the connection does not end the
    /// outage after a timeout, so the freeze is one incident; after refused connects the same line does.
    func testAConnectOnlyLineAfterATimeoutIsNoRecovery() throws {
        let connected = ["client": "tracking-api", EventFields.connectOnly: "true"]
        let frozen = [
            makeEvent(6, .requestTimeout, fields: ["client": "tracking-api"]),
            makeEvent(6.01, .reconnected, fields: connected),
            makeEvent(11, .requestTimeout, fields: ["client": "tracking-api"]),
            makeEvent(11.01, .reconnected, fields: connected),
            makeEvent(16, .batchExpired, fields: ["count": "26", "topic": "orders", "partition": "0"]),
            makeEvent(16.01, .reconnected, fields: connected),
            makeEvent(21, .sendSucceeded, fields: ["client": "tracking-api"]),
        ]
        let incidents = IncidentBuilder().build(events: frozen).incidents
        XCTAssertEqual(incidents.count, 1)
        XCTAssertEqual(incidents.first.map { $0.end.seconds(since: $0.firstSymptom.time) }, 15)
        XCTAssertEqual(incidents.first?.services.first?.recovery?.kind, .sendSucceeded)

        let refused = [
            makeEvent(0, .connectFailed, fields: ["client": "tracking-api"]),
            makeEvent(1, .connectFailed, fields: ["client": "tracking-api"]),
            makeEvent(2, .connectFailed, fields: ["client": "tracking-api"]),
            makeEvent(3, .reconnected, fields: connected),
        ]
        let relay = try XCTUnwrap(IncidentBuilder().build(events: refused).incidents.first)
        XCTAssertEqual(relay.services.first?.recovery?.kind, .reconnected, "a connect after refused ones is the broker listening again")
    }

    /// A client that logs no recovery line recovers once its retry loop has been quiet for three times
    /// its longest pause (at least 10 s): failures 60 s later are a second outage.
    func testQuietAfterFailuresEndsAnOutage() {
        var events: [Event] = []
        for t in stride(from: 0.0, to: 20, by: 2) { events.append(makeEvent(t, .connectFailed, fields: producer)) }
        for t in stride(from: 80.0, to: 100, by: 2) { events.append(makeEvent(t, .connectFailed, fields: producer)) }
        let incidents = IncidentBuilder().build(events: events).incidents
        XCTAssertEqual(incidents.count, 2)
        XCTAssertEqual(incidents.map { $0.services[0].recoveryBasis }, [.lastFailure, .lastFailure])
        XCTAssertEqual(incidents[0].end.seconds(since: events[0].time), 18, accuracy: 0.001)
        // Retries that back off (2, 4, 8, 16 and 32 s apart) are one outage: each pause is within three
        // times the longest before it.
        let slow = [0.0, 2, 6, 14, 30, 62].map { makeEvent($0, .connectFailed, fields: producer) }
        XCTAssertEqual(IncidentBuilder().build(events: slow).incidents.count, 1)
    }

    /// The broker's own shutdown and startup lines make an incident, with no client log at all; while
    /// the broker is down, a pause in the clients' failures does not end the outage.
    func testBrokerLinesMakeAnIncidentAndHoldItOpen() {
        let brokerOnly = [makeEvent(0, .brokerShutdown, service: "kafka"), makeEvent(40, .brokerStarted, service: "kafka")]
        let incidents = IncidentBuilder().build(events: brokerOnly).incidents
        XCTAssertEqual(incidents.count, 1)
        XCTAssertEqual(incidents[0].anchor, .brokerShutdown)
        XCTAssertEqual(incidents[0].brokerBack.map { incidents[0].offset($0.time) }, 40)
        XCTAssertTrue(incidents[0].services.isEmpty)

        let held = brokerOnly + [makeEvent(2, .connectFailed, fields: producer), makeEvent(35, .connectFailed, fields: producer)]
        XCTAssertEqual(IncidentBuilder().build(events: held.sorted(by: Event.precedes)).incidents.count, 1)
    }

    /// A frozen broker shows only when requests time out: T+0 is estimated as the first timed-out
    /// request's wait before it, and with no broker log, broker back lies between the clients' last
    /// failure and their first sign of success.
    func testFrozenBrokerEstimatesTZeroAndBrokerBackHasAWindow() throws {
        let events = [
            makeEvent(8, .requestTimeout, fields: producer.merging(["elapsed_ms": "5001"]) { $1 }),
            makeEvent(9, .requestTimeout, fields: producer.merging(["elapsed_ms": "5000"]) { $1 }),
            makeEvent(12, .disconnected, fields: producer),
            makeEvent(20, .connectFailed, fields: producer),
            makeEvent(22, .reconnected, fields: producer),
        ]
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events).incidents.first)
        XCTAssertEqual(incident.anchor, .requestTimeout)
        XCTAssertEqual(incident.t0.seconds(since: events[0].time), -5.001, accuracy: 0.000_001)
        XCTAssertEqual(incident.anchorEvent.line, events[0].line)
        XCTAssertTrue(incident.brokerBackInferred)
        XCTAssertEqual(incident.brokerBack?.kind, .reconnected)
        XCTAssertEqual(incident.brokerBackWindow.lastFailure?.kind, .connectFailed)
        XCTAssertEqual(incident.brokerBackWindow.firstSuccess?.kind, .reconnected)
    }

    /// With no broker log and connections refused, broker back is the last refused connect: once the
    /// broker listens no connect is refused, while other failures (a metadata error) and the first
    /// success can come later.
    func testBrokerBackIsTheLastRefusedConnect() throws {
        let events = [
            makeEvent(0, .disconnected, fields: producer),
            makeEvent(10, .connectFailed, fields: producer),
            makeEvent(20, .connectFailed, fields: producer),
            makeEvent(21.5, .metadataError, fields: producer),
            makeEvent(24, .reconnected, fields: producer),
        ]
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events).incidents.first)
        XCTAssertEqual(incident.brokerBack.map { incident.offset($0.time) }, 20)
        XCTAssertEqual(incident.brokerBackWindow.firstSuccess.map { incident.offset($0.time) }, 24)
    }

    /// Two replicas of one service whose lines name no client: one replica's successful send does not
    /// end the other's impact.
    func testAReplicasSendDoesNotRecoverAnotherPod() throws {
        let events = [
            makeEvent(0, .connectFailed, pod: "orders-api-5d9f-a"), makeEvent(0.5, .connectFailed, pod: "orders-api-5d9f-b"),
            makeEvent(5, .connectFailed, pod: "orders-api-5d9f-b"), makeEvent(6, .connectFailed, pod: "orders-api-5d9f-a"),
            makeEvent(8, .sendSucceeded, pod: "orders-api-5d9f-b"), makeEvent(12, .sendSucceeded, pod: "orders-api-5d9f-a"),
        ]
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events).incidents.first)
        let client = try XCTUnwrap(incident.services.first?.clientImpacts.first)
        XCTAssertEqual(client.recovery?.pod, "orders-api-5d9f-a", "the pod that failed last recovers at its own send")
        XCTAssertEqual(incident.end.seconds(since: incident.t0), 12, accuracy: 0.001)
    }
}
