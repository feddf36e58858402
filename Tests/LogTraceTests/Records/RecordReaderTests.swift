import XCTest
@testable import LogTrace

final class RecordReaderTests: XCTestCase {
    struct Seen: Equatable {
        var text: String
        var line: Int
        var lines: Int
        var stamp: String?
        var level: String?
    }

    func records(_ lines: [String], maxRecordBytes: Int = 64 * 1024) -> ([Seen], RecordReader) {
        var seen: [Seen] = []
        let reader = RecordReader(maxRecordBytes: maxRecordBytes) { r in
            seen.append(Seen(text: String(decoding: r.text, as: UTF8.self), line: r.firstLine, lines: r.lineCount,
                             stamp: r.orderingTimestamp.map { String(decoding: $0, as: UTF8.self) },
                             level: r.level.map { String(decoding: $0, as: UTF8.self) }))
        }
        for (i, line) in lines.enumerated() {
            Array(line.utf8).withUnsafeBytes { reader.feed($0, number: i + 1) }
        }
        reader.finish()
        return (seen, reader)
    }

    /// Two pods' logs joined end to end (`cat a b | logtrace ingest -`): the broker's log4j lines, then a
    /// Spring Boot service's, then the CRI copy of another. Each part is read in its own format from its
    /// first line on, so its records stay records; the sample decided only the first.
    func testAFormatChangeMidwayIsDetectedAgain() {
        let broker = (0..<70).map { i in
            "2026-11-24T09:58:08.\(100000 + i)Z [2026-11-24 09:58:08,158] INFO [GroupMetadataManager brokerId=1] Removed 0 expired offsets in 0 milliseconds. (kafka.coordinator.group.GroupMetadataManager)"
        }
        let spring = (0..<10).map { i in
            "2026-11-24T10:00:3\(i).51Z 2026-11-24T10:00:3\(i).510Z ERROR 1 --- [shopping-service] [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{}' to topic orders:"
        }
        let cri = (0..<10).map { i in
            "2026-11-24T09:58:0\(i).962512805Z stdout F 2026-11-24T09:58:0\(i).961Z  INFO 1 --- [nio-8080-exec-9] c.p.n.api.PreferenceController           : Notification preferences read: userId=u-1873, email=false, push=false"
        }
        let (seen, reader) = records(broker + spring + cri)
        XCTAssertEqual(seen.count, 90, "every line is a record of its own")
        XCTAssertEqual(seen.map(\.lines), Array(repeating: 1, count: 90))
        XCTAssertEqual(reader.counters.formatChanges, 2)
        XCTAssertEqual(reader.counters.lastFormatChangeLine, 81)
        XCTAssertEqual(reader.envelope, .cri)
        XCTAssertEqual(reader.layout, .springBoot)
        XCTAssertEqual(seen[70].stamp, "2026-11-24T10:00:30.51Z")
        XCTAssertTrue(seen[80].text.hasPrefix("2026-11-24T09:58:00.961Z  INFO"), seen[80].text)
    }

    /// A confluent-kafka producer whose log opens with 130 of librdkafka's own stderr lines, its app's
    /// asctime lines (`2026-12-03 16:21:13,508 ERROR app event=publish_failed ...`) only once records
    /// fail: the app's layout takes over at line 131, yet that is no change of format (librdkafka's
    /// lines read the same in it), so the file gets no "format changed midway" warning.
    func testLibrdkafkaLinesFirstThenTheAppsLayoutIsNoFormatChange() {
        let path = TestSupport.repoRoot + "/bench/scenarios/kv-errors/logs/refunds-api-58m26lm7f7-swls2.log.gz"
        let (summary, events) = FileScanner(patterns: TestSupport.defaultPatterns, options: FileScanner.Options()).scan(path: path)
        XCTAssertEqual(summary.layout, .isoTimestamped)
        XCTAssertFalse(summary.warnings.contains { $0.contains("format changed") }, "\(summary.warnings)")
        XCTAssertTrue(events.contains { $0.line == 131 && $0.kind == .deliveryFailed })
    }

    /// A long stack trace is no change of format: its frames start with no timestamp, and a run of
    /// timestamped lines no other format reads better stays what it was.
    func testAStackTraceIsNotAFormatChange() {
        var lines = ["2026-11-24T10:00:30.51Z 2026-11-24T10:00:30.510Z ERROR 1 --- [shopping-service] [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{}' to topic orders:",
                     "2026-11-24T10:00:30.51Z org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms has passed since batch creation"]
        lines += Array(repeating: "2026-11-24T10:00:30.51Z \tat org.apache.kafka.clients.producer.internals.Sender.sendProducerData(Sender.java:382)", count: 900)
        let (seen, reader) = records(lines)
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen[0].lines, 902)
        XCTAssertEqual(reader.counters.formatChanges, 0)
        XCTAssertEqual(reader.counters.unfittingLines, 0)
    }

    /// Spring Boot's %wEx: ERROR line, blank, exception, blank — one record, as kubectl prints it.
    func testSpringStackTraceIsOneRecord() {
        let (seen, reader) = records([
            "2026-11-24T10:00:30.51Z 2026-11-24T10:00:30.510Z ERROR 1 --- [shopping-service] [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{}' to topic orders:",
            "2026-11-24T10:00:30.51Z ",
            "2026-11-24T10:00:30.51Z org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms has passed since batch creation",
            "2026-11-24T10:00:30.51Z ",
            "2026-11-24T10:00:31.2Z 2026-11-24T10:00:31.200Z  INFO 1 --- [shopping-service] [nio-8080-exec-1] c.p.shopping.OrderController : next",
        ])
        XCTAssertEqual(reader.envelope, .kubectl)
        XCTAssertEqual(reader.layout, .springBoot)
        XCTAssertEqual(seen.count, 2)
        XCTAssertEqual(seen[0].lines, 4)
        XCTAssertEqual(seen[0].line, 1)
        XCTAssertTrue(seen[0].text.hasSuffix("\n\norg.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms has passed since batch creation\n"))
        XCTAssertEqual(seen[0].stamp, "2026-11-24T10:00:30.51Z")
        XCTAssertEqual(seen[0].level, "ERROR")
        XCTAssertEqual(seen[1].line, 5)
        XCTAssertEqual(seen[1].level, "INFO")
    }

    func testJavaTraceJoinsEvenWithoutALayout() {
        let (seen, _) = records([
            "ERROR [Producer clientId=shopping-producer] Expiring 3 record(s) for orders-0: 30000 ms has passed since batch creation",
            "org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0",
            "\tat org.apache.kafka.clients.producer.internals.Sender.run(Sender.java:250)",
            "Caused by: java.io.IOException: x",
            "\t... 12 more",
            "WARN [Consumer clientId=notification-consumer] Connection to node 1 could not be established.",
        ])
        XCTAssertEqual(seen.count, 2)
        XCTAssertEqual(seen[0].lines, 5)
        XCTAssertEqual(seen[0].level, "ERROR")
        XCTAssertEqual(seen[1].level, "WARN")
        XCTAssertEqual(seen[1].line, 6)
    }

    /// A record dated a day that does not exist takes the previous record's time (as a record with no
    /// time does) and is counted, instead of falling off the timeline with its events.
    func testImpossibleDateTakesThePreviousTime() {
        let (seen, reader) = records([
            "2026-11-24T10:00:05.100000000Z 2026-11-24T10:00:05.100Z  INFO 1 --- [main] a.B : before",
            "2026-13-24T10:00:05.200000000Z 2026-13-24T10:00:05.200Z  WARN 1 --- [main] a.B : month 13",
            "2026-02-30T10:00:05.300000000Z 2026-02-30T10:00:05.300Z  WARN 1 --- [main] a.B : February 30",
            "2024-02-29T10:00:05.400000000Z 2024-02-29T10:00:05.400Z  INFO 1 --- [main] a.B : a leap day is fine",
        ])
        XCTAssertEqual(seen.map(\.stamp), ["2026-11-24T10:00:05.100000000Z", "2026-11-24T10:00:05.100000000Z",
                                           "2026-11-24T10:00:05.100000000Z", "2024-02-29T10:00:05.400000000Z"])
        XCTAssertEqual(reader.counters.impossibleTimestamps, 2)
        XCTAssertEqual(reader.counters.recordsWithoutTimestamp, 2)
    }

    /// containerd splits each stream's long lines on its own: a stderr line between a stdout line's
    /// fragments is a record of its own, and the stdout fragments still join.
    func testCRIFragmentsJoinPerStream() {
        let out = "2026-11-24T10:00:05.100000000Z stdout ", err = "2026-11-24T10:00:05.150000000Z stderr "
        let (seen, _) = records([
            out + "P 2026-11-24T10:00:05.200Z ERROR 1 --- [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{\"items\":[",
            err + "F OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes because bootstrap classpath has been appended",
            out + "F 1,2]}' to topic orders:",
        ])
        XCTAssertEqual(seen.map(\.text), [
            "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes because bootstrap classpath has been appended",
            "2026-11-24T10:00:05.200Z ERROR 1 --- [ad | producer-1] o.s.k.support.LoggingProducerListener    : Exception thrown when sending a message with key='o-1' and payload='{\"items\":[1,2]}' to topic orders:",
        ])
        XCTAssertEqual(seen.map(\.line), [2, 1])
    }

    /// containerd splits long lines into P fragments; they are joined before anything else looks at them.
    func testCRIPartialFragmentsAreJoined() {
        let head = "2026-11-24T10:00:05.100000000Z stdout "
        let (seen, reader) = records([
            head + "F 2026-11-24T10:00:05.100Z  INFO 1 --- [main] a.B : before",
            head + "P 2026-11-24T10:00:05.200Z  INFO 1 --- [main] a.B : payload={\"items\":[",
            head + "P 1,2,3,",
            head + "F 4]}",
            head + "F 2026-11-24T10:00:05.300Z  INFO 1 --- [main] a.B : after",
        ])
        XCTAssertEqual(reader.envelope, .cri)
        XCTAssertEqual(seen.map(\.text), [
            "2026-11-24T10:00:05.100Z  INFO 1 --- [main] a.B : before",
            "2026-11-24T10:00:05.200Z  INFO 1 --- [main] a.B : payload={\"items\":[1,2,3,4]}",
            "2026-11-24T10:00:05.300Z  INFO 1 --- [main] a.B : after",
        ])
        XCTAssertEqual(seen.map(\.line), [1, 2, 5])
    }

    func testRecordTextIsCappedAndCounted() {
        var lines = ["2026-11-24T10:00:05.100Z ERROR 1 --- [main] a.B : boom"]
        for i in 0..<100 { lines.append("\tat frame\(i)(X.java:1)") }
        let (seen, reader) = records(lines, maxRecordBytes: 256)
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen[0].text.utf8.count, 256)
        XCTAssertEqual(seen[0].lines, 101)
        XCTAssertEqual(reader.counters.truncatedRecords, 1)
    }

    func testRecordsWithoutTimestampInheritThePreviousOne() {
        let (seen, reader) = records([
            "2026-11-24 10:00:05,123 WARNING kafka.conn first",
            "no timestamp here",
            "2026-11-24 10:00:06,000 WARNING kafka.conn third",
        ])
        XCTAssertEqual(reader.layout, .isoTimestamped)
        XCTAssertEqual(seen.count, 2, "a line that is not a header continues the record above")
        let (plainSeen, plainReader) = records(["WARN first", "INFO second"])
        XCTAssertEqual(plainReader.layout, .plain)
        XCTAssertEqual(plainSeen.count, 2)
        XCTAssertNil(plainSeen[1].stamp)
        XCTAssertEqual(plainReader.counters.recordsWithoutTimestamp, 2)
    }
}
