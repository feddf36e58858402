import XCTest
@testable import LogTrace

final class EventMatcherTests: XCTestCase {
    func match(_ text: String, envelope: String? = "2026-11-24T10:00:30.51Z") -> Event? {
        let matcher = EventMatcher(patterns: TestSupport.defaultPatterns)
        let bytes = Array(text.utf8)
        let stamp = envelope.map { Array($0.utf8) } ?? []
        return bytes.withUnsafeBytes { body in
            stamp.withUnsafeBytes { s in
                let record = RecordView(text: body, firstLine: 7, lineCount: 1, envelopeTimestamp: envelope == nil ? nil : s,
                                        appTimestamp: nil, inheritedTimestamp: nil, level: nil, truncated: false)
                return matcher.match(record, service: "shopping-service", pod: "shopping-service-7d9f8c6b5-x2k4p", file: "f.log")
            }
        }
    }

    /// The same lines in Docker's json-file (escaped JSON, `<` written as `\u003c` as Docker's encoder
    /// does) and in `kubectl logs --timestamps` give the same events: the literals found in the escaped
    /// lines stand for the text, and those an encoder can escape (kafka-python's `<BrokerConnection`)
    /// are looked for in the unescaped record.
    func testDockerJSONFileFindsWhatTheKubectlFileFinds() throws {
        func goJSONString(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "<": out += "\\u003c"
                case ">": out += "\\u003e"
                case "&": out += "\\u0026"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var kubectl: [String] = []
        for path in ["EndToEnd/Fixtures/clients/kafka-python-2/producer.kubectl.log"] {
            kubectl += String(decoding: TestSupport.readBytes(TestSupport.fixture(path)), as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let (source, _) = try InputOpener.open(path: TestSupport.repoRoot + "/samples/shopping-service-7d9f8c6b5-x2k4p.log.gz", backend: .isal)
        kubectl += String(decoding: TestSupport.drain(source).0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
        let docker = kubectl.map { line -> String in
            let space = line.firstIndex(of: " ")!
            return #"{"log":"# + goJSONString(String(line[line.index(after: space)...]) + "\n") + #","stream":"stdout","time":""#
                + line[..<space] + #""}"#
        }
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(kubectl.joined(separator: "\n") + "\n", to: dir + "/app.kubectl.log")
        TestSupport.write(docker.joined(separator: "\n") + "\n", to: dir + "/app.docker.log")
        let scanner = FileScanner(patterns: TestSupport.defaultPatterns, options: FileScanner.Options())
        let (kubectlSummary, fromKubectl) = scanner.scan(path: dir + "/app.kubectl.log")
        let (dockerSummary, fromDocker) = scanner.scan(path: dir + "/app.docker.log")
        XCTAssertEqual(kubectlSummary.envelope, .kubectl)
        XCTAssertEqual(dockerSummary.envelope, .docker)
        func key(_ e: Event) -> String { "\(e.line) \(e.time.iso8601) \(e.patternID) \(e.fields.dictionary.sorted { $0.key < $1.key }) \(e.excerpt)" }
        XCTAssertEqual(fromDocker.map(key), fromKubectl.map(key))
        XCTAssertGreaterThan(fromKubectl.count, 50)
        XCTAssertTrue(fromDocker.contains { $0.excerpt.contains("<BrokerConnection") }, "an escapable literal's events are found")
    }

    func testExpiryInsideALoggingProducerListenerRecordIsTheBatch() {
        let event = match("""
        2026-11-24T10:00:30.510Z ERROR 1 --- [shopping-service] [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{}' to topic orders:

        org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms has passed since batch creation

        """)
        XCTAssertEqual(event?.kind, .batchExpired)
        XCTAssertEqual(event?.fields["count"], "3")
        XCTAssertEqual(event?.fields["topic"], "orders")
        XCTAssertEqual(event?.fields["partition"], "0")
        XCTAssertEqual(event?.line, 7)
        XCTAssertEqual(event?.time.iso8601, "2026-11-24T10:00:30.510Z")
    }

    func testScenarioAbbreviatedLinesMatch() {
        XCTAssertEqual(match("WARN [Producer clientId=shopping-producer] Connection to node 1 could not be established.")?.kind, .connectFailed)
        XCTAssertEqual(match("WARN [Producer clientId=shopping-producer] Connection to node 1 could not be established.")?.fields["client"], "shopping-producer")
        XCTAssertEqual(match("ERROR [Producer clientId=shopping-producer] Expiring 3 record(s) for orders-0: 30000 ms has passed since batch creation")?.recordCount, 3)
        XCTAssertEqual(match("org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0")?.kind, .batchExpired)
        XCTAssertEqual(match("INFO [Consumer clientId=notification-consumer] Disconnected from node 1")?.kind, .disconnected)
    }

    func testNearMissesMatchNothing() {
        XCTAssertNil(match("2026-11-24T10:00:12.000Z ERROR 1 --- [main] r.c.p.Operators : java.util.concurrent.TimeoutException: Did not observe any item or terminal signal within 5000ms in 'map'"))
        XCTAssertNil(match("2026-11-24T10:00:12.000Z  WARN 1 --- [main] o.k.events : type=LOGIN_ERROR, realmId=shop, clientId=web-app, error=invalid_client_credentials"))
        XCTAssertNil(match("2026-11-24T10:00:12.000Z  INFO 1 --- [main] c.p.Orders : order 42 created"))
    }

    /// A producer-only wording says its client is a producer (`role:` on the entry), and a producer
    /// logger's other lines are `client_role` events; kafka-python's say its library logs failed batches.
    func testProducerOnlyLinesCarryTheRole() throws {
        let retry = try XCTUnwrap(match("WARNING:aiokafka.producer.sender:Got error produce response: NodeNotReadyError: Attempt to send a request to node which is not ready (node id 111)."))
        XCTAssertEqual(retry.kind, .requestTimeout)
        XCTAssertEqual(retry.fields["role"], "Producer")
        XCTAssertNil(retry.fields[EventFields.logsFailedSends])
        let started = try XCTUnwrap(match("INFO:kafka.producer.kafka:<KafkaProducer client_id=inventory-api transactional_id=None>: Instantiated an idempotent producer."))
        XCTAssertEqual(started.kind, .clientRole)
        XCTAssertEqual(started.fields["role"], "Producer")
        XCTAssertEqual(started.fields[EventFields.logsFailedSends], "true")
        XCTAssertEqual(match("[sarama] 2026/12/03 10:25:16 producer/broker/111 starting up")?.fields["role"], "Producer")
        XCTAssertNil(match("INFO:kafka.consumer.fetcher:Fetching from the coordinator for group g"))
    }
}
