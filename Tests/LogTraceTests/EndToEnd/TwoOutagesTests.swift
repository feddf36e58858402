import Foundation
import XCTest
@testable import LogTrace

/// An archive with two outages an hour apart and one stray warning in between, in real client wording.
final class TwoOutagesTests: XCTestCase {
    func line(_ second: Int, _ text: String) -> String {
        let stamp = String(format: "2026-11-24T%02d:%02d:%02d.%03dZ", 10 + second / 3600, second / 60 % 60, second % 60, second * 7 % 1000)
        return "\(stamp) \(stamp)  WARN 1 --- [shopping-service] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : \(text)"
    }

    func testTwoIncidentsAndAStrayWarning() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let failure = "[Producer clientId=shopping-producer-1] Connection to node 1 (kafka/10.244.1.17:9092) could not be established. Node may not be available."
        var producer: [String] = []
        for s in stride(from: 5, to: 50, by: 1) { producer.append(line(s, failure)) }
        producer.append(line(1800, failure))                       // a stray warning half an hour later
        for s in stride(from: 3605, to: 3640, by: 1) { producer.append(line(s, failure)) }
        TestSupport.write(producer.joined(separator: "\n") + "\n", to: dir + "/shopping-service-7d9f8c6b5-x2k4p.log")
        let consumer = [10, 3610].map { s in
            line(s, "[Consumer clientId=notification-consumer-0, groupId=notification-group] Node 1 disconnected.")
        } + [60, 3660].map { s in
            line(s, "[Consumer clientId=notification-consumer-0, groupId=notification-group] Discovered group coordinator kafka:9092 (id: 2147483646 rack: null)")
        }
        TestSupport.write(consumer.sorted().joined(separator: "\n") + "\n", to: dir + "/notification-service-5c8f7d9b4-h6jkl.log")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(report.incidents.count, 2)
        XCTAssertEqual(report.isolated.count, 1)
        XCTAssertEqual(report.incidents.map(\.t0), ["2026-11-24T10:00:05.035Z", "2026-11-24T11:00:05.235Z"])
        XCTAssertEqual(report.incidents.map(\.anchor), ["first symptom", "first symptom"])
        for incident in report.incidents {
            XCTAssertTrue(incident.brokerBackInferred, "no broker log: broker back is inferred from the clients")
            XCTAssertEqual(incident.phases.first { $0.phase == "broker down" }?.basis.hasPrefix("inferred"), true)
            XCTAssertEqual(incident.services.first { $0.service == "notification-service" }?.recoveryBasis, "recovery line")
        }
        let markdown = TestSupport.logtrace(["ingest", dir]).stdout
        XCTAssertEqual(MarkdownTable.all(in: markdown).first { $0.heading == "Isolated warnings" }?.table.rows.count, 1)
        XCTAssertEqual(markdown.components(separatedBy: "```mermaid\ngantt").count - 1, 2, "one gantt chart per incident")
    }
}
