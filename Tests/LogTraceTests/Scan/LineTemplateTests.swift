import XCTest
@testable import LogTrace

/// Masking recorded lines (the text after their level word, as `UnexplainedRecords` takes it): what varies
/// between two records of one statement becomes `<*>`, the words that say what happened stay.
final class LineTemplateTests: XCTestCase {
    func testNumbersAddressesIdsAndQuotedValuesAreMasked() {
        // bench/scenarios/kv-errors/logs/invoice-api-6p54hzqs78-pf5gn.log.gz (kafka-python 2.0.2)
        XCTAssertEqual(LineTemplate.make("kafka.conn:Connect attempt to <BrokerConnection node_id=111 host=127.0.0.1:29092 <connecting> [IPv4 ('127.0.0.1', 29092)]> returned error 111. Disconnecting."),
                       "kafka.conn:Connect attempt to <BrokerConnection node_id=<*> host=<*> <connecting> [<*> ('<*>', <*>)]> returned error <*>. Disconnecting.")
        // bench/scenarios/long-freeze-groups/logs/orders-reporter-lmvgxb2h9f-z7pq8.log.gz, lines 39 and 40 (kafka-python 3)
        let first = LineTemplate.make("kafka.net.selector:Task <kafka.net.selector.Task object at 0x7f1b34a30750> ran for 0.156s (>0.100s threshold). It is blocking the event loop -- likely a tight sync loop inside a coroutine. Other pollers will time out.")
        let second = LineTemplate.make("kafka.net.selector:Task <kafka.net.selector.Task object at 0x7f1b3416d290> ran for 0.274s (>0.100s threshold). It is blocking the event loop -- likely a tight sync loop inside a coroutine. Other pollers will time out.")
        XCTAssertEqual(first, second)
        XCTAssertEqual(first, "kafka.net.selector:Task <kafka.net.selector.Task object at <*>> ran for <*> (><*> threshold). It is blocking the event loop -- likely a tight sync loop inside a coroutine. Other pollers will time out.")
    }

    func testAQuotedValueWithoutADigitOrInsideAnotherStays() {
        // bench/scenarios/kv-errors/logs/refunds-api-58m26lm7f7-swls2.log.gz, line 135 (confluent-kafka, the application's own words)
        XCTAssertEqual(LineTemplate.make("app event=publish_failed order=00126 cause=\"KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}\""),
                       "app event=publish_failed order=<*> cause=\"KafkaError{code=_MSG_TIMED_OUT,val=<*>,str=\"Local: Message timed out\"}\"")
    }

    func testLongLinesAreCutAndMarked() {
        // bench/scenarios/json-logs/logs/payments-ledger-lqv4hvtxtp-d8qh4.log.gz, line 123: a JSON record is templated whole
        let line = #"{"timestamp": "2026-12-03T12:54:24.725Z", "level": "ERROR", "logger": "kafka.net.transport", "message": "<KafkaTCPTransport [none] (closed)>: Error receiving network data closing socket", "exc_info": "Traceback (most recent call last):\n  File \"/tmp/logtrace-record-fixtures/venv-kp3/lib/python3.11/site-packages/kafka/net/transport.py\", line 110, in _sock_recv\n"}"#
        let template = LineTemplate.make(line)
        XCTAssertTrue(template.hasPrefix(#"{"timestamp": "<*>", "level": "ERROR", "logger": "kafka.net.transport", "message": "<KafkaTCPTransport [none] (closed)>: Error receiving"#), template)
        XCTAssertTrue(template.hasSuffix("…"), template)
        XCTAssertLessThanOrEqual(template.utf8.count, LineTemplate.limit + 3)
    }
}
