import Foundation
import XCTest
@testable import LogTrace

/// The logs recorded from the real client libraries during a real broker outage (scripts/record-fixtures),
/// read with the shipped packs, against the facts of each run: the outage starts when the report says,
/// within a second, and the confirmed lost count is exactly what the producer was told failed.
final class ClientFixturesTests: XCTestCase {
    static let root = TestSupport.fixture("EndToEnd/Fixtures/clients")

    struct Facts: Decodable {
        struct Outage: Decodable { var start: String; var end: String }
        struct Producer: Decodable { var process: String; var failed: Int; var log_files: [String] }
        var outage: Outage
        var producers: [Producer]
    }

    func facts(_ client: String) throws -> Facts {
        try JSONDecoder().decode(Facts.self, from: Data(contentsOf: URL(fileURLWithPath: Self.root + "/\(client)/facts.json")))
    }

    func seconds(_ iso: String) -> Double {
        let parsed = Array(iso.utf8).withUnsafeBytes { TimestampParser().parse($0)!.0 }
        return Double(parsed.nanoseconds) / 1e9
    }

    /// Each producer log that carries time: one incident, starting within a second of the outage, with
    /// exactly the failed records confirmed lost.
    func testProducersAgainstTheirFacts() throws {
        var checked = 0
        for client in ["confluent-kafka", "kafka-python-2", "kafka-python-3", "aiokafka", "kcat", "sarama"] {
            let truth = try facts(client)
            for producer in truth.producers {
                for file in producer.log_files {
                    let (report, scan) = TestSupport.ingest([Self.root + "/\(client)/\(file)"])
                    XCTAssertEqual(scan.files[0].error, nil, "\(client)/\(file)")
                    if scan.events.allSatisfy(\.untimed) {
                        // Python's default format prints no time: the events are kept, off the timeline.
                        XCTAssertFalse(report.untimed.isEmpty, "\(client)/\(file)")
                        continue
                    }
                    XCTAssertEqual(report.incidents.count, 1, "\(client)/\(file)")
                    guard let incident = report.incidents.first else { continue }
                    let start = seconds(incident.firstSymptom.time) - seconds(truth.outage.start)
                    XCTAssertEqual(start, 0, accuracy: 1.0, "\(client)/\(file): first symptom \(incident.firstSymptom.time), outage \(truth.outage.start)")
                    XCTAssertEqual(incident.lost.records, producer.failed, "\(client)/\(file): confirmed lost")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 8)
    }

    /// Consumers see the outage start too, and those that print a recovery line show it after the end.
    func testConsumersSeeTheOutage() throws {
        var timed: [String] = []
        for client in ["confluent-kafka", "kafka-python-2", "kafka-python-3", "aiokafka", "kcat", "sarama"] {
            let truth = try facts(client)
            let file = FileManager.default.fileExists(atPath: Self.root + "/\(client)/consumer.log") ? "consumer.log" : "consumer.log.gz"
            let (report, scan) = TestSupport.ingest([Self.root + "/\(client)/\(file)"])
            XCTAssertGreaterThan(scan.events.count, 0, client)
            guard let incident = report.incidents.first else {
                XCTAssertFalse(report.untimed.isEmpty, "\(client): no incident, so its events must be untimed")
                continue
            }
            timed.append(client)
            let start = seconds(incident.firstSymptom.time) - seconds(truth.outage.start)
            XCTAssertEqual(start, 0, accuracy: 1.0, "\(client): first symptom \(incident.firstSymptom.time)")
            for service in incident.services where service.recoveryBasis == "recovery line" {
                XCTAssertGreaterThan(seconds(service.recovered.time), seconds(truth.outage.end) - 1, "\(client): recovery before the outage ended")
            }
        }
        XCTAssertEqual(timed, ["confluent-kafka", "kcat", "sarama"], "the consumer logs that carry time")
    }

    /// One folder with a file per layout: every file is read with its own envelope and layout, and
    /// each yields events.
    func testMixedFolderDetectsEachLayout() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let picks = [
            ("confluent-kafka/producer.log", "librdkafka"),
            ("confluent-kafka/producer-pylogging.log", "iso-timestamped"),
            ("kafka-python-2/producer.kubectl.log", "python-logging"),
            ("kafka-python-3/producer.log", "python-logging"),
            ("sarama/producer.log", "iso-timestamped"),
        ]
        for (i, (source, _)) in picks.enumerated() {
            try FileManager.default.copyItem(atPath: Self.root + "/" + source, toPath: dir + "/mixed-\(i).log")
        }
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/samples/kafka-6d8f9c7b5-q2w8r.log.gz", toPath: dir + "/mixed-5.log.gz")
        let docker = #"{"log":"2026-11-24T10:00:05.104Z  WARN 1 --- [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=producer-1] Connection to node 1 (kafka/10.0.0.7:9092) could not be established. Broker may not be available.\n","stream":"stdout","time":"2026-11-24T10:00:05.104881529Z"}"#
        TestSupport.write(docker + "\n", to: dir + "/mixed-6.log")
        // logstash-logback-encoder's fields, around the Java client's words.
        let logstash = #"{"@timestamp":"2026-11-24T10:00:05.104Z","@version":"1","message":"[Producer clientId=producer-1] Connection to node 1 (kafka/10.0.0.7:9092) could not be established. Broker may not be available.","logger_name":"org.apache.kafka.clients.NetworkClient","thread_name":"kafka-producer-network-thread | producer-1","level":"WARN","level_value":30000}"#
        TestSupport.write(logstash + "\n", to: dir + "/mixed-7.log")
        // stern --timestamps over the samples' shopping-service log.
        let shopping = try XCTUnwrap(String(data: Data(TestSupport.run("/bin/sh", ["-c", "gzip -dc \"$0\" | head -120", TestSupport.repoRoot + "/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz"]).stdout), encoding: .utf8))
        TestSupport.write(shopping.split(separator: "\n").map { "shopping-service-7d9f8c6b5-x2k4p shopping-service " + $0 }.joined(separator: "\n") + "\n", to: dir + "/mixed-8.log")
        // logback's default time-of-day layout under kubectl --timestamps.
        TestSupport.write("2026-11-24T10:00:04.668891Z 10:00:04.668 [kafka-producer-network-thread | producer-1] WARN org.apache.kafka.clients.NetworkClient -- [Producer clientId=producer-1] Connection to node 1 (kafka/10.0.0.7:9092) could not be established. Broker may not be available.\n", to: dir + "/mixed-9.log")
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/samples/var/log/pods/portal-universe_notification-service-5c8f7d9b4-h6jkl_3f2b8c1e-4d5a-4e8b-9c7d-1a2b3c4d5e6f/notification-service/0.log.20261124-100500.gz", toPath: dir + "/mixed-10.log.gz")
        let result = TestSupport.logtrace(["ingest", "--format", "json", dir])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let byName = Dictionary(uniqueKeysWithValues: report.inputs.files.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        for (i, (_, layout)) in picks.enumerated() {
            XCTAssertEqual(byName["mixed-\(i).log"]?.layout?.rawValue, layout, picks[i].0)
            XCTAssertGreaterThan(byName["mixed-\(i).log"]?.events ?? 0, 0, picks[i].0)
        }
        XCTAssertEqual(byName["mixed-2.log"]?.envelope, .kubectl)
        XCTAssertEqual(byName["mixed-5.log.gz"]?.layout, .log4jBracket)
        XCTAssertEqual(byName["mixed-6.log"]?.envelope, .docker)
        XCTAssertEqual(byName["mixed-6.log"]?.events, 1)
        XCTAssertEqual(byName["mixed-7.log"]?.layout, .json)
        XCTAssertEqual(byName["mixed-7.log"]?.events, 1)
        XCTAssertEqual(byName["mixed-8.log"]?.envelope, .stern)
        XCTAssertEqual(byName["mixed-8.log"]?.layout, .springBoot)
        XCTAssertGreaterThan(byName["mixed-8.log"]?.events ?? 0, 5)
        XCTAssertEqual(byName["mixed-9.log"]?.layout, .timeOfDay)
        XCTAssertEqual(byName["mixed-9.log"]?.events, 1)
        XCTAssertEqual(byName["mixed-10.log.gz"]?.envelope, .cri)
        XCTAssertGreaterThan(byName["mixed-10.log.gz"]?.events ?? 0, 50)
        // stern names the pod on every line: its events belong to shopping-service, not to the file.
        let services = Set(report.incidents.flatMap { $0.services.map(\.service) })
        XCTAssertTrue(services.contains("shopping-service"), "\(services)")
    }
}
