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

    /// The pointer version gives the bytes of the byte-at-a-time one on every line of every recording
    /// and sample, from several starting points in each line (as after a level word), and on every
    /// length near the limit.
    func testTheSameTemplatesAsTheByteAtATimeMasking() throws {
        let roots = [TestSupport.repoRoot + "/bench/scenarios", TestSupport.repoRoot + "/samples"]
        let paths = InputPaths.expand(roots).filter { $0.hasSuffix(".gz") }.sorted()
        XCTAssertGreaterThan(paths.count, 80)
        var lines = 0
        for path in paths {
            let (bytes, error) = TestSupport.drain(try InputOpener.open(path: path, backend: .zlib).source)
            XCTAssertNil(error, path)
            for line in bytes.split(separator: 0x0A).prefix(200) {
                let line = Array(line)
                for start in [0, 31] where start <= line.count {
                    line[start...].withUnsafeBytes { text in
                        var fast: [UInt8] = [], reference: [UInt8] = []
                        LineTemplate.make(text, into: &fast)
                        Self.referenceMake(text, into: &reference)
                        XCTAssertEqual(fast, reference, String(decoding: text, as: UTF8.self))
                    }
                }
                lines += 1
            }
        }
        XCTAssertGreaterThan(lines, 5_000)
        for length in 190...215 {
            for fill in ["a", " ", "a1", "x ", "'7'", "ab. "] {
                let text = Array(String(repeating: fill, count: length).utf8.prefix(length))
                text.withUnsafeBytes { text in
                    var fast: [UInt8] = [], reference: [UInt8] = []
                    LineTemplate.make(text, into: &fast)
                    Self.referenceMake(text, into: &reference)
                    XCTAssertEqual(fast, reference, "\(length) × \(fill)")
                }
            }
        }
    }

    /// The byte-at-a-time masking `LineTemplate.make` replaced, kept as the reference it must equal.
    static func referenceMake(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        // Written through a pointer into room for the longest template: no capacity check per byte.
        let room = LineTemplate.limit + LineTemplate.mask.count + 8
        if out.capacity < room { out.reserveCapacity(room) }
        out.removeAll(keepingCapacity: true)
        let n = text.count
        var i = 0
        var cut = false
        out.append(contentsOf: repeatElement(0, count: room))
        let count = out.withUnsafeMutableBufferPointer { buffer -> Int in
            let o = buffer.baseAddress!
            var w = 0
            @inline(__always) func put(_ c: UInt8) { o[w] = c; w += 1 }
            @inline(__always) func putMask() { o[w] = 0x3C; o[w + 1] = 0x2A; o[w + 2] = 0x3E; w += 3 }
            while i < n && w < LineTemplate.limit {
                let c = text[i]
                if c == 0x20 || c == 0x09 {
                    if w > 0 && o[w - 1] != 0x20 { put(0x20) }
                    i += 1
                } else if (c == 0x22 || c == 0x27), let close = LineTemplate.quotedEnd(text, from: i, quote: c) {
                    put(c)
                    putMask()
                    put(c)
                    i = close + 1
                } else if LineTemplate.isSeparator(c) {
                    put(c)
                    i += 1
                } else {
                    var j = i
                    var digit = false
                    while j < n {
                        let d = text[j]
                        if LineTemplate.isSeparator(d) || d == 0x20 || d == 0x09 { break }
                        if d >= 0x30 && d <= 0x39 { digit = true }
                        j += 1
                    }
                    var end = j
                    while end > i && (text[end - 1] == 0x2E || text[end - 1] == 0x3A) { end -= 1 }
                    if digit {
                        putMask()
                    } else {
                        // A word past the LineTemplate.limit is cut there.
                        var k = i
                        while k < end && w < LineTemplate.limit + LineTemplate.mask.count { put(text[k]); k += 1 }
                        if k < end { cut = true }
                    }
                    var k = end
                    while k < j && w < LineTemplate.limit + LineTemplate.mask.count { put(text[k]); k += 1 }
                    if k < j { cut = true }
                    i = j
                }
            }
            while w > 0 && o[w - 1] == 0x20 { w -= 1 }
            return w
        }
        out.removeLast(out.count - count)
        if i < n || cut || out.count > LineTemplate.limit {
            if out.count > LineTemplate.limit { out.removeLast(out.count - LineTemplate.limit) }
            out.append(contentsOf: [0xE2, 0x80, 0xA6])
        }
    }

}
