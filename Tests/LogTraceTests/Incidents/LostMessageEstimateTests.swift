import XCTest
@testable import LogTrace

/// Builds events directly: the correlation stage only sees events.
func makeEvent(_ seconds: Double, _ kind: EventKind, service: String = "shopping-service", file: String? = nil, line: Int = 1,
               fields: [String: String] = [:]) -> Event {
    Event(time: Timestamp(nanoseconds: 1_795_600_800_000_000_000 + Int64(seconds * 1e9)), appTime: nil, kind: kind, patternID: kind.rawValue,
          service: service, pod: service + "-7d9f8c6b5-x2k4p", file: file ?? service + ".log", line: line, level: nil,
          fields: fields, excerpt: "", timeInherited: false, untimed: false)
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
