import XCTest
@testable import LogTrace

/// Each envelope and layout, detected from a file's first lines and taken apart record by record.
final class LayoutTests: XCTestCase {
    struct Seen: Equatable {
        var text: String
        var time: String?
        var level: String?
        var pod: String?
        var lines: Int
    }

    func read(_ lines: [String]) -> ([Seen], Envelope, AppLayout) {
        var seen: [Seen] = []
        let parser = TimestampParser()
        let reader = RecordReader { r in
            seen.append(Seen(text: String(decoding: r.text, as: UTF8.self),
                             time: r.orderingTimestamp.flatMap { parser.parse($0)?.0.iso8601 },
                             level: r.level.map(EventMatcher.levelName),
                             pod: r.pod.map { String(decoding: $0, as: UTF8.self) }, lines: r.lineCount))
        }
        for (i, line) in lines.enumerated() { Array(line.utf8).withUnsafeBytes { reader.feed($0, number: i + 1) } }
        reader.finish()
        return (seen, reader.envelope, reader.layout)
    }

    /// Docker's json-file driver: the text is unescaped, and a `log` without `\n` continues on the next line.
    func testDockerJSONFile() {
        let (seen, envelope, layout) = read([
            #"{"log":"2026-11-24T10:00:05.104Z  WARN 1 --- [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=producer-1] Connection to node 1 (kafka/10.0.0.7:9092) could not be established. Broker may not be available.\n","stream":"stdout","time":"2026-11-24T10:00:05.104881529Z"}"#,
            #"{"log":"2026-11-24T10:00:30.510Z ERROR 1 --- [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{\"id\":\"o-1\"}' to topic orders:\n","stream":"stdout","time":"2026-11-24T10:00:30.510934114Z"}"#,
            #"{"log":"\n","stream":"stdout","time":"2026-11-24T10:00:30.51100012Z"}"#,
            #"{"log":"org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms ","stream":"stdout","time":"2026-11-24T10:00:30.511Z"}"#,
            #"{"log":"has passed since batch creation\n","stream":"stdout","time":"2026-11-24T10:00:30.511Z"}"#,
        ])
        XCTAssertEqual(envelope, .docker)
        XCTAssertEqual(layout, .springBoot)
        XCTAssertEqual(seen.count, 2)
        XCTAssertEqual(seen[0].time, "2026-11-24T10:00:05.104Z")
        XCTAssertTrue(seen[1].text.contains("payload='{\"id\":\"o-1\"}'"), "JSON escapes are undone")
        XCTAssertTrue(seen[1].text.hasSuffix("\n\norg.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms has passed since batch creation"), seen[1].text)
    }

    func testSternPrefixesNameThePod() {
        let (seen, envelope, _) = read([
            "shopping-service-7d9f8c6b5-x2k4p shopping-service 2026-11-24T10:00:05.104881529Z 2026-11-24T10:00:05.104Z  WARN 1 --- [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=producer-1] Node 1 disconnected.",
            "notification-service-5c8f7d9b4-h6jkl notification-service 2026-11-24T10:00:10.018Z 2026-11-24T10:00:10.018Z  INFO 1 --- [ntainer#0-0-C-1] org.apache.kafka.clients.NetworkClient   : [Consumer clientId=consumer-1, groupId=g] Node 1 disconnected.",
        ])
        XCTAssertEqual(envelope, .stern)
        XCTAssertEqual(seen.map(\.pod), ["shopping-service-7d9f8c6b5-x2k4p", "notification-service-5c8f7d9b4-h6jkl"])
        XCTAssertEqual(seen[1].time, "2026-11-24T10:00:10.018Z")
    }

    func testLibrdkafkaLinesAmongTheApplicationsOwn() {
        let (seen, _, layout) = read([
            "%6|1795597301.868|FAIL|confluent-kafka-consumer#consumer-1| [thrd:GroupCoordinator]: GroupCoordinator: 127.0.0.1:29092: Disconnected: connection closed by peer: receive 0 after POLLIN (after 16015ms in state UP)",
            "Consumed 89 messages so far",
            "%3|1795597301.869|FAIL|confluent-kafka-consumer#consumer-1| [thrd:127.0.0.1:29092/111]: 127.0.0.1:29092/111: Connect to ipv4#127.0.0.1:29092 failed: Connection refused (after 0ms in state CONNECT)",
        ])
        XCTAssertEqual(layout, .librdkafka)
        XCTAssertEqual(seen.map(\.text.count).count, 3, "the application's own line is a record of its own, not a continuation")
        XCTAssertEqual(seen[0].time, "2026-11-25T09:01:41.868Z")
        XCTAssertEqual(seen[0].level, "INFO")
        XCTAssertEqual(seen[2].level, "ERROR")
        XCTAssertEqual(seen[1].time, "2026-11-25T09:01:41.868Z", "a line without a time takes the previous record's")
    }

    /// The recorded confluent-kafka producer of wrapped-errors, from its application's first own line on
    /// (a log window that starts later, as after a rotation): the asctime layout is detected, and the
    /// librdkafka lines between the application's still start records of their own, each its event.
    func testLibrdkafkaLinesInsideAnAsctimeLog() throws {
        let recorded = TestSupport.run("/bin/sh", ["-c", "gzip -dc \"$0\"/bench/scenarios/wrapped-errors/logs/refunds-api-*.log.gz", TestSupport.repoRoot])
        let lines = String(decoding: recorded.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = try XCTUnwrap(lines.firstIndex { $0.contains(" ERROR app could not publish ") })
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(lines[first...].joined(separator: "\n"), to: dir + "/refunds-api-k27q4w55pj-gn5zz.log")
        let (report, scan) = TestSupport.ingest([dir + "/refunds-api-k27q4w55pj-gn5zz.log"])
        XCTAssertEqual(report.inputs.files.first?.layout, .isoTimestamped)
        let native = lines[first...].filter { $0.contains("|FAIL|refunds-api#producer-1| ") && $0.contains(": Connect to ipv4#") }.count
        XCTAssertGreaterThan(native, 10)
        XCTAssertEqual(scan.events.filter { $0.kind == .connectFailed }.count, native, "one event per librdkafka line")
    }

    func testJSONLinesTakeTimeAndLevelFromFields() {
        let (seen, _, layout) = read([
            #"{"level":"ERROR","timestamp":"2022-06-11T09:20:13.846Z","logger":"kafkajs","message":"[Connection] Connection timeout","broker":"kafka1:9092","clientId":"marketing-webhooks"}"#,
            #"{"@timestamp":"2026-11-24T10:00:05.104+09:00","@version":"1","message":"[Producer clientId=producer-1] Node 1 disconnected.","logger_name":"org.apache.kafka.clients.NetworkClient","level":"INFO"}"#,
        ])
        XCTAssertEqual(layout, .json)
        XCTAssertEqual(seen.map(\.time), ["2022-06-11T09:20:13.846Z", "2026-11-24T01:00:05.104Z"])
        XCTAssertEqual(seen.map(\.level), ["ERROR", "INFO"])
    }

    func testPythonLoggingAndTracebacks() {
        let (seen, _, layout) = read([
            "WARNING:kafka.client:Node 0 connection failed -- refreshing metadata",
            "ERROR:kafka.conn:Connect attempt to <BrokerConnection node_id=0 host=kafka:9092 <connecting> [IPv4 ('10.0.0.7', 9092)]> returned error 111. Disconnecting.",
            "Traceback (most recent call last):",
            "  File \"/app/producer.py\", line 42, in <module>",
            "    future.get(timeout=10)",
            "kafka.errors.KafkaTimeoutError: KafkaTimeoutError: Batch for TopicPartition(topic='orders', partition=0) containing 3 record(s) expired: 30 seconds have passed since last append",
            "sent 41 records",
        ])
        XCTAssertEqual(layout, .pythonLogging)
        // logging's exc_info: the traceback and its final exception line belong to the ERROR record.
        XCTAssertEqual(seen.map(\.lines), [1, 5, 1])
        XCTAssertEqual(seen.map(\.level), ["WARNING", "ERROR", nil])
    }

    /// Found by the ASan run of the binary-file test (random bytes): a one-letter line made the
    /// exception-line check read past its end.
    func testOneLetterLinesInALooseLayout() {
        let (seen, _, _) = read(["WARNING:kafka.conn:first", "A", "B:", "E", "WARNING:kafka.conn:last"])
        XCTAssertEqual(seen.count, 5)
    }

    func testGoLogWithSaramaPrefixAndTimeOfDay() {
        let (sarama, _, layout) = read([
            "[sarama] 2026/11/24 10:00:05 Failed to connect to broker 127.0.0.1:9092: dial tcp 127.0.0.1:9092: connect: connection refused",
            "[sarama] 2026/11/24 10:00:05 client/metadata got error from broker -1 while fetching metadata: dial tcp 127.0.0.1:9092: connect: connection refused",
        ])
        XCTAssertEqual(layout, .isoTimestamped)
        XCTAssertEqual(sarama.map(\.time), ["2026-11-24T10:00:05.000Z", "2026-11-24T10:00:05.000Z"])
        let (logback, envelope, timeLayout) = read([
            "2026-11-24T10:00:04.668891Z 10:00:04.668 [kafka-producer-network-thread | producer-1] WARN org.apache.kafka.clients.NetworkClient -- [Producer clientId=producer-1] Connection to node 1 (kafka/10.0.0.7:9092) could not be established. Broker may not be available.",
            "2026-11-24T10:00:05.1Z 10:00:05.100 [main] INFO com.example.App -- next",
        ])
        XCTAssertEqual(envelope, .kubectl)
        XCTAssertEqual(timeLayout, .timeOfDay)
        XCTAssertEqual(logback.map(\.level), ["WARN", "INFO"])
        XCTAssertEqual(logback[0].time, "2026-11-24T10:00:04.668Z", "the envelope gives the date")
    }
}
