import XCTest
@testable import LogTrace

final class AlertOutcomeTests: XCTestCase {
    func incident(_ events: [Event]) throws -> Incident {
        try XCTUnwrap(IncidentBuilder().build(events: events).incidents.first)
    }

    func testDurationsReadAsPrometheusWritesThem() {
        XCTAssertEqual(AlertRule.seconds("30s"), 30)
        XCTAssertEqual(AlertRule.seconds("1m"), 60)
        XCTAssertEqual(AlertRule.seconds("1h30m"), 5400)
        XCTAssertEqual(AlertRule.seconds("500ms"), 0.5)
        XCTAssertEqual(AlertRule.seconds("45"), 45)
        XCTAssertNil(AlertRule.seconds("5 minutes"))
        XCTAssertNil(AlertRule.seconds("m5"))
        XCTAssertNil(AlertRule.seconds("-3s"))
        XCTAssertNil(AlertRule.seconds("3x"))
    }

    /// `kafka_brokers < 1` for 30 s: the broker is down from its shutdown (T+0) until its startup (T+58),
    /// so the alert fires at T+30; with `for: 1m` it would not have fired at all.
    func testBrokerDownFiresOnceItHeldForItsDuration() throws {
        let incident = try self.incident([
            makeEvent(0, .brokerShutdown, service: "kafka"),
            makeEvent(5, .connectFailed, fields: ["role": "Producer", "client": "p"]),
            makeEvent(40, .connectFailed, fields: ["role": "Producer", "client": "p"]),
            makeEvent(58, .brokerStarted, service: "kafka"),
        ])
        let fired = AlertOutcome(rule: AlertRule(name: "KafkaBrokerDown", expression: nil, condition: .brokerDown, forSeconds: 30), incident: incident, events: [])
        XCTAssertEqual(fired.firesAt.map { incident.offset($0) }, 30)
        XCTAssertEqual(fired.conditionEnd.map { incident.offset($0) }, 58)
        let silent = AlertOutcome(rule: AlertRule(name: "KafkaBrokerDown", expression: nil, condition: .brokerDown, forSeconds: 60), incident: incident, events: [])
        XCTAssertNil(silent.firesAt)
        XCTAssertEqual(silent.heldSeconds, 58)
    }

    /// `rate(errors[1m]) > 0` for 1m holds from each error for one minute: errors 30 s apart keep it held,
    /// so it fires 60 s after the first; one error alone never holds for longer than its window.
    func testAnErrorRateHoldsForItsWindowAfterEachError() throws {
        let events = [
            makeEvent(0, .brokerShutdown, service: "kafka"),
            makeEvent(10, .batchExpired, fields: ["count": "1", "topic": "orders", "partition": "0"]),
            makeEvent(40, .batchExpired, fields: ["count": "1", "topic": "orders", "partition": "0"]),
            makeEvent(58, .brokerStarted, service: "kafka"),
        ]
        let incident = try self.incident(events)
        let rule = AlertRule(name: "errors", expression: nil, condition: .events(kinds: [.batchExpired], role: nil, withinSeconds: 60), forSeconds: 60)
        let outcome = AlertOutcome(rule: rule, incident: incident, events: events)
        XCTAssertEqual(outcome.firesAt.map { incident.offset($0) }, 70)
        XCTAssertEqual(outcome.conditionEnd.map { incident.offset($0) }, 100)

        let one = Array(events.prefix(2)) + [events[3]]
        let lone = AlertOutcome(rule: AlertRule(name: "errors", expression: nil, condition: .events(kinds: [.batchExpired], role: nil, withinSeconds: 30), forSeconds: 60),
                                incident: try self.incident(one), events: one)
        XCTAssertNil(lone.firesAt)
        XCTAssertEqual(lone.heldSeconds, 30)
    }

    func testAPlanWithAnUnknownConditionOrDurationIsRefusedOnItsLine() {
        let base = "milestones: []\nalerts:\n  - name: A\n"
        XCTAssertThrowsError(try ScenarioPlan.parse(yaml: base + "    when: brokers_gone\n    for: 30s\n", file: "plan.yaml")) { error in
            XCTAssertTrue("\(error)".contains("brokers_gone"), "\(error)")
        }
        XCTAssertThrowsError(try ScenarioPlan.parse(yaml: base + "    when: broker_down\n    for: soon\n", file: "plan.yaml")) { error in
            XCTAssertTrue("\(error)".contains("soon"), "\(error)")
        }
        XCTAssertThrowsError(try ScenarioPlan.parse(yaml: base + "    kinds: [batch_expired]\n    within: 5 minutes\n    for: 1m\n", file: "plan.yaml"))
    }
}
