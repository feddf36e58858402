import XCTest
@testable import LogTrace

/// Builds events directly: the correlation stage only sees events.
func makeEvent(_ seconds: Double, _ kind: EventKind, service: String = "shopping-service", pod: String? = nil, file: String? = nil, line: Int = 1,
               fields: [String: String] = [:], fate: DeliveryFate? = nil) -> Event {
    Event(time: Timestamp(nanoseconds: 1_795_600_800_000_000_000 + Int64(seconds * 1e9)), appTime: nil, kind: kind, patternID: kind.rawValue,
          service: service, pod: pod ?? service + "-7d9f8c6b5-x2k4p", file: file ?? (pod ?? service) + ".log", line: line, level: nil,
          fields: EventFields(fields), excerpt: "", timeInherited: false, untimed: false, fate: fate)
}

final class LostMessageEstimateTests: XCTestCase {
    let batch = ["count": "3", "topic": "orders", "partition": "0", "elapsed_ms": "30012"]

    /// One batch of 3 records logged by Spring once per record, plus the bare exception: 3 lost, not 12.
    func testBatchReportedByManyLinesCountsOnce() {
        var events = (0..<3).map { makeEvent(30.51, .batchExpired, line: 10 + 4 * $0, fields: batch) }
        events.append(makeEvent(30.52, .batchExpired, line: 30, fields: ["count": "3", "topic": "orders", "partition": "0"]))
        let estimate = LostMessageEstimate(events: events)
        XCTAssertEqual(estimate.totalRecords, 3)
        XCTAssertEqual(estimate.totalBatches, 1)
        XCTAssertEqual(estimate.totalLines, 4)
        XCTAssertEqual(estimate.rows.map(\.confirmedRecords), [3])
    }

    func testDistinctBatchesAreNotMerged() {
        let events = [
            makeEvent(30.5, .batchExpired, fields: batch),
            makeEvent(30.6, .batchExpired, fields: ["count": "3", "topic": "orders", "partition": "0", "elapsed_ms": "30444"]),
            makeEvent(33.0, .batchExpired, fields: ["count": "2", "topic": "orders", "partition": "1", "elapsed_ms": "30001"]),
            makeEvent(40.0, .batchExpired, fields: batch),
            makeEvent(40.0, .batchExpired, service: "prism-service", fields: batch),
        ]
        let estimate = LostMessageEstimate(events: events)
        XCTAssertEqual(estimate.totalBatches, 5)
        XCTAssertEqual(estimate.totalRecords, 3 + 3 + 2 + 3 + 3)
        XCTAssertEqual(estimate.rows.map { "\($0.service) \($0.topicPartition) \($0.confirmedRecords)" },
                       ["prism-service orders-0 3", "shopping-service orders-0 9", "shopping-service orders-1 2"])
    }

    func testFailedSendWithoutCountIsOneRecord() {
        let estimate = LostMessageEstimate(events: [
            makeEvent(61, .deliveryFailed, fields: ["topic": "orders"]),
            makeEvent(61, .deliveryFailed, fields: ["topic": "orders"]),
        ])
        XCTAssertEqual(estimate.totalRecords, 2)
        XCTAssertEqual(estimate.totalBatches, 0)
    }
}

final class LostMessageBoundsTests: XCTestCase {
    /// The truth: orders-0 lost one batch of 3 (logged three times); key o-7 failed once and was then sent;
    /// key o-9 failed and never made it; payments-2 saw a retriable error and nothing after it.
    func testConfirmedPossibleAndRetried() {
        let batch = ["count": "3", "topic": "orders", "partition": "0", "elapsed_ms": "30012"]
        let events = [
            makeEvent(20, .requestTimeout, fields: ["topic": "payments", "partition": "2", "client": "p-1", "role": "Producer"]),
            makeEvent(30.5, .batchExpired, line: 10, fields: batch),
            makeEvent(30.5, .batchExpired, line: 14, fields: batch),
            makeEvent(30.5, .batchExpired, line: 18, fields: batch),
            makeEvent(31, .deliveryFailed, line: 22, fields: ["topic": "orders", "key": "o-7"]),
            makeEvent(32, .deliveryFailed, line: 26, fields: ["topic": "orders", "key": "o-9"]),
            makeEvent(58, .sendSucceeded, line: 90, fields: ["topic": "orders", "partition": "1", "key": "o-7"]),
        ]
        let estimate = LostMessageEstimate(events: events)
        XCTAssertEqual(estimate.totalRecords, 4, "3 from the batch, 1 for o-9")
        XCTAssertEqual(estimate.totalBatches, 1)
        XCTAssertEqual(estimate.failedSends, 1)
        XCTAssertEqual(estimate.retried, 1, "o-7 was sent on retry")
        XCTAssertEqual(estimate.possibleUnknownSize, 1, "payments-2's retry has no outcome and no count")
        XCTAssertEqual(estimate.losses.first { $0.topicPartition == "payments-2" }?.verdict, .possible)
        XCTAssertEqual(estimate.losses.first { $0.reports.first?.fields["key"] == "o-7" }?.verdict, .retried)
    }

    /// A line without a count joins the counted lines of its batch (kafka-python 2.0's per-batch warning).
    func testCountlessLineJoinsItsBatch() {
        let estimate = LostMessageEstimate(events: [
            makeEvent(30.0, .batchExpired, fields: ["topic": "orders", "partition": "0"]),
            makeEvent(30.2, .batchExpired, fields: ["count": "51", "topic": "orders", "partition": "0"]),
            makeEvent(30.3, .batchExpired, fields: ["count": "51", "topic": "orders", "partition": "0"]),
        ])
        XCTAssertEqual(estimate.totalRecords, 51)
        XCTAssertEqual(estimate.possibleUnknownSize, 0)
        XCTAssertEqual(estimate.totalLines, 3)
    }

    /// A retriable error on a partition that later lost a batch is settled by that loss, not counted again.
    func testRetryFollowedByExpiryIsNotCountedTwice() {
        let estimate = LostMessageEstimate(events: [
            makeEvent(5, .requestTimeout, fields: ["topic": "orders", "partition": "0"]),
            makeEvent(30, .batchExpired, fields: ["count": "2", "topic": "orders", "partition": "0"]),
        ])
        XCTAssertEqual(estimate.totalRecords, 2)
        XCTAssertEqual(estimate.losses.count, 1)
    }

    /// Sends every 200 ms, acknowledged until 10.0 s; the connection drops at 10.25 s, and the 12 sends
    /// after the last acknowledgement time out 10 s later. The one sent between the acknowledgement and
    /// the drop may have been stored: ceil(0.25 / 0.2) = 2 are possible, 10 confirmed.
    func testSendsBeforeTheDropAreOnlyPossiblyLost() {
        let tp = ["topic": "orders", "partition": "0"]
        var events = stride(from: 0.0, through: 10.0, by: 0.2).map { makeEvent($0, .sendSucceeded, fields: tp) }
        events.append(makeEvent(10.25, .disconnected))
        for i in 0..<12 { events.append(makeEvent(20.2 + 0.2 * Double(i), .deliveryFailed, line: 100 + i, fields: tp, fate: .lostUnlessInFlight)) }
        let estimate = LostMessageEstimate(events: events)
        XCTAssertEqual(estimate.losses.filter { $0.verdict == .possible }.map(\.first.line), [100, 101])
        XCTAssertEqual(estimate.losses.filter { $0.verdict == .lost }.count, 10)
        // An error that says the record never left (fate lost) stays confirmed.
        let never = events.map { $0.kind == .deliveryFailed ? makeEvent(20.2, .deliveryFailed, line: $0.line, fields: tp, fate: .lost) : $0 }
        XCTAssertEqual(LostMessageEstimate(events: never).losses.filter { $0.verdict == .lost }.count, 12)
    }

    /// kafka-python 3's own expiry line uses the words of a batch never sent for one that timed out in
    /// flight too: in the three-partition freeze, orders-1's batch timed out in flight (line 22, retried at
    /// line 25) and expired at line 31, and the thawed broker had stored it. After an in-flight timeout
    /// that expiry is possibly lost, not confirmed; in an outage with no in-flight timeout it stays confirmed.
    func testKafkaPython3ExpiryAfterAnInFlightTimeoutIsOnlyPossiblyLost() throws {
        func rows(_ scenario: String, _ service: String) throws -> [Report.LostRow] {
            let paths = InputPaths.expand([TestSupport.repoRoot + "/bench/scenarios/\(scenario)/logs"])
            let (report, _) = TestSupport.ingest(paths)
            return try XCTUnwrap(report.incidents.first).lost.rows.filter { $0.service == service }
        }
        let freeze = try XCTUnwrap(try rows("three-partitions-freeze", "payments-api").first { $0.topicPartition == "orders-1" })
        XCTAssertEqual(freeze.records, 0)
        XCTAssertEqual(freeze.possibleRecords, 1)
        // The relay outage: connections refused, nothing timed out in flight; truth lost 36 per partition.
        let outage = try rows("three-partitions-outage", "payments-api")
        XCTAssertEqual(outage.map(\.topicPartition), ["orders-0", "orders-1", "orders-2"])
        XCTAssertEqual(outage.map(\.records), [36, 36, 36])
        XCTAssertEqual(outage.map(\.possibleRecords), [0, 0, 0])
    }
}
