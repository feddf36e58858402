import XCTest
@testable import LogTrace

/// A producer's acknowledged sends that stop far longer than their cadence and come back as a backlog
/// are a stall; a pause without a backlog, or clumped acknowledgements, are not.
final class DeliveryStallTests: XCTestCase {
    let sender = ["client": "orders-producer", "topic": "orders", "partition": "0"]

    /// Sends every 200 ms for 10 s, then nothing for `gap` s, then `burst` sends 1 ms apart, then the
    /// usual cadence again.
    func stream(gap: Double, burst: Int) -> [Event] {
        var events: [Event] = []
        var t = 0.0
        while t < 10 { events.append(makeEvent(t, .sendSucceeded, line: events.count + 1, fields: sender)); t += 0.2 }
        t += gap - 0.2
        for _ in 0..<burst { events.append(makeEvent(t, .sendSucceeded, line: events.count + 1, fields: sender)); t += 0.001 }
        for _ in 0..<20 { t += 0.2; events.append(makeEvent(t, .sendSucceeded, line: events.count + 1, fields: sender)) }
        return events
    }

    func testBacklogAfterSilenceIsAStall() throws {
        let events = stream(gap: 4, burst: 20)
        let stalls = DeliveryStall.find(in: events)
        XCTAssertEqual(stalls.count, 1)
        let stall = try XCTUnwrap(stalls.first)
        XCTAssertEqual(stall.seconds, 4, accuracy: 0.01)
        XCTAssertEqual(stall.burst, 20)
        XCTAssertEqual(stall.cadence, 0.2, accuracy: 0.001)
        XCTAssertEqual(stall.event.kind, .deliveriesStalled)
        XCTAssertEqual(stall.event.line, stall.lastBefore.line, "the evidence is the last send before the silence")
        XCTAssertTrue(Event.precedes(stall.lastBefore, stall.event))

        // One producer alone makes an incident; it ends at the burst.
        let incidents = IncidentBuilder().build(events: events).incidents
        XCTAssertEqual(incidents.count, 1)
        XCTAssertEqual(incidents[0].services.map(\.recoveryBasis), [.successfulSend])
        XCTAssertEqual(incidents[0].t0.seconds(since: stall.lastBefore.time), 0.2, accuracy: 0.001, "T+0 is when the next send was due")
        XCTAssertEqual(incidents[0].end.seconds(since: incidents[0].t0), 3.8, accuracy: 0.01)
    }

    func testPauseWithoutBacklogIsNoStall() {
        // Traffic stops for 4 s and comes back at its cadence: an idle application, not a broker.
        XCTAssertEqual(DeliveryStall.find(in: stream(gap: 4, burst: 1)).count, 0)
        // A clump of 3 after 10 s is far from the 50 sends the cadence would have queued.
        XCTAssertEqual(DeliveryStall.find(in: stream(gap: 10, burst: 3)).count, 0)
        // Shorter than 2 s is no stall, whatever the cadence.
        XCTAssertEqual(DeliveryStall.find(in: stream(gap: 1.8, burst: 9)).count, 0)
        XCTAssertEqual(IncidentBuilder().build(events: stream(gap: 4, burst: 1)).incidents.count, 0)
    }

    func testClumpedAcknowledgementsHaveNoCadence() {
        // Batches of 10 acknowledged together every second: the median gap is ~0, so a quiet 5 s
        // followed by a batch is no stall.
        var events: [Event] = []
        for second in 0..<20 { for i in 0..<10 { events.append(makeEvent(Double(second) + Double(i) * 0.0001, .sendSucceeded, fields: sender)) } }
        for i in 0..<10 { events.append(makeEvent(25 + Double(i) * 0.0001, .sendSucceeded, fields: sender)) }
        XCTAssertEqual(DeliveryStall.find(in: events).count, 0)
    }

    /// A freeze longer than the request timeout: the acknowledgements stop, and 10 s later the same
    /// producer's requests time out. The stall dates the freeze from the overdue acknowledgement, not
    /// from the timeouts; a connection refused in the silence (an idle producer, a killed broker) does not.
    func testSilenceEndingInTimeoutsIsAStall() throws {
        var events: [Event] = []
        var t = 0.0
        while t < 10 { events.append(makeEvent(t, .sendSucceeded, line: events.count + 1, fields: sender)); t += 0.2 }
        let last = t - 0.2
        events.append(makeEvent(last + 10.1, .requestTimeout, line: events.count + 1, fields: ["client": "orders-producer", "elapsed_ms": "10000"]))
        events.append(makeEvent(last + 10.2, .deliveryFailed, line: events.count + 1, fields: sender))
        events.append(makeEvent(last + 30, .sendSucceeded, line: events.count + 1, fields: sender))
        let stall = try XCTUnwrap(DeliveryStall.find(in: events).first)
        XCTAssertEqual(stall.burst, 0)
        XCTAssertEqual(stall.timedOut?.kind, .requestTimeout)
        XCTAssertEqual(stall.event.time.seconds(since: stall.lastBefore.time), 0.2, accuracy: 0.001)
        let incident = try XCTUnwrap(IncidentBuilder().build(events: events).incidents.first)
        XCTAssertEqual(incident.firstSymptom.kind, .deliveriesStalled)
        XCTAssertEqual(incident.firstSymptom.fields[DeliveryStall.timedOutField], stall.timedOut?.evidence)
        // Frozen, not gone: a connect failure in the silence is no sign the broker listens again, the
        // first success is.
        var frozen = events
        frozen.insert(makeEvent(last + 12, .connectFailed, line: 900, fields: ["client": "orders-producer"]), at: events.count - 1)
        let back = try XCTUnwrap(IncidentBuilder().build(events: frozen).incidents.first?.brokerBack)
        XCTAssertEqual(back.kind, .sendSucceeded)

        var refused = events
        refused[refused.count - 3] = makeEvent(last + 10.1, .connectFailed, line: refused.count - 2, fields: ["client": "orders-producer"])
        XCTAssertNil(DeliveryStall.find(in: refused).first)
    }
}
