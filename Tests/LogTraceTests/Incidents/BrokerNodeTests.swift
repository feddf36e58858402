import XCTest
@testable import LogTrace

final class BrokerNodeTests: XCTestCase {
    /// The Java client's coordinator connection to broker 1 is node 2147483646 (`Integer.MAX_VALUE - 1`):
    /// the timeline says so, and both name broker 1.
    func testCoordinatorNodeIdsNameTheirBroker() {
        XCTAssertEqual(BrokerNode.brokerID("2147483646"), 1)
        XCTAssertEqual(BrokerNode.brokerID("111"), 111)
        XCTAssertNil(BrokerNode.brokerID("-1"), "a bootstrap connection is no broker")
        XCTAssertNil(BrokerNode.brokerID("bootstrap-0"))
        XCTAssertEqual(BrokerNode.describe("2147483646"), "node 2147483646 (coordinator of broker 1)")
        XCTAssertEqual(BrokerNode.describe("1"), "node 1")
    }

    /// The samples' consumers lose their coordinator connection, node 2147483646: the timeline explains it.
    func testTheSamplesTimelineExplainsTheCoordinatorNode() throws {
        let json = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "samples"]).stdout.utf8))
        let rows = try XCTUnwrap(json.incidents.first?.timeline.filter { $0.what.contains("2147483646") })
        XCTAssertFalse(rows.isEmpty)
        for row in rows { XCTAssertTrue(row.what.contains("node 2147483646 (coordinator of broker 1)"), row.what) }
    }
}
