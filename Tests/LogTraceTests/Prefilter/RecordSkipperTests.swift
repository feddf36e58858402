import CByteSearch
import XCTest
@testable import LogTrace

/// Skipping the records that hold no literal must not change a single event: every file the tests have
/// (the samples in each envelope, the recorded client logs in each layout) is read both ways, with
/// blocks small enough that records, stack traces and timestamps straddle block edges.
final class RecordSkipperTests: XCTestCase {
    static var inputs: [String] {
        let roots = [TestSupport.repoRoot + "/samples", TestSupport.fixture("EndToEnd/Fixtures/clients")]
        return roots.flatMap { InputPaths.expand([$0]) }.filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".json") }.sorted()
    }

    func scan(_ path: String, skipping: Bool, blockBytes: Int, unexplainedLines: Bool = true) -> (FileSummary, [Event]) {
        var options = FileScanner.Options()
        options.skipRecordsWithoutLiterals = skipping
        options.collectUnexplainedLines = unexplainedLines
        options.blockBytes = blockBytes
        options.maxLineBytes = 1024
        return FileScanner(patterns: TestSupport.defaultPatterns, options: options).scan(path: path)
    }

    func testSkippingFindsTheSameEventsAsReadingEveryRecord() {
        let inputs = Self.inputs
        XCTAssertGreaterThanOrEqual(inputs.count, 20)
        for path in inputs {
            for blockBytes in [300, 1000, 4096, 1 << 20] {
                let (all, allEvents) = scan(path, skipping: false, blockBytes: blockBytes)
                let (some, someEvents) = scan(path, skipping: true, blockBytes: blockBytes)
                let name = "\(path.split(separator: "/").suffix(2).joined(separator: "/")) in \(blockBytes)-byte blocks"
                XCTAssertEqual(someEvents, allEvents, name)
                XCTAssertFalse(allEvents.isEmpty, name)
                XCTAssertEqual(some.lines, all.lines, name)
                XCTAssertEqual(some.firstTime, all.firstTime, name)
                XCTAssertEqual(some.lastTime, all.lastTime, name)
                XCTAssertEqual(some.events, all.events, name)
                // The level words searched with the literals hand over every WARN/ERROR record.
                XCTAssertEqual(some.unexplained, all.unexplained, name)
                XCTAssertFalse(all.skimmed, name)
                XCTAssertLessThanOrEqual(some.records, all.records, name)
                // CRI files (whose fragments could split a literal) are read in full, and so are files
                // in which every record holds an event; every other file has records to skip, once the
                // records after failure lines are not wanted (in a file dense with failures, as the
                // aiokafka producer's outage is, they are every record).
                let (bare, bareEvents) = scan(path, skipping: true, blockBytes: blockBytes, unexplainedLines: false)
                XCTAssertEqual(bareEvents, allEvents, name)
                if all.envelope == .cri || all.records == all.events {
                    XCTAssertFalse(some.skimmed, name)
                    XCTAssertFalse(bare.skimmed, name)
                    XCTAssertEqual(some.records, all.records, name)
                } else {
                    XCTAssertTrue(bare.skimmed, name)
                    XCTAssertLessThan(bare.records, all.records, name)
                }
            }
        }
    }

    /// stern's merged output (`stern --timestamps`: pod, container, time, line) of two samples: one file,
    /// many pods, each line naming its own; skipping finds the same events, attributed to the same pods.
    func testSternFileOfManyPods() throws {
        var lines: [(String, String)] = []
        for (pod, container) in [("shopping-service-7d9f8c6b5-x2k4p", "shopping-service"), ("prism-service-6b7c8d9f5-m3n4p", "prism-service")] {
            let (source, _) = try InputOpener.open(path: TestSupport.repoRoot + "/samples/\(pod).log.gz", backend: .isal)
            let (bytes, error) = TestSupport.drain(source)
            XCTAssertNil(error)
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                lines.append((String(line.prefix(23)), "\(pod) \(container) \(line)"))
            }
        }
        let merged = lines.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(merged.joined(separator: "\n") + "\n", to: dir + "/stern.log")
        let (all, allEvents) = scan(dir + "/stern.log", skipping: false, blockBytes: 1 << 20)
        XCTAssertEqual(all.envelope, .stern)
        XCTAssertEqual(Set(allEvents.map(\.pod)), ["shopping-service-7d9f8c6b5-x2k4p", "prism-service-6b7c8d9f5-m3n4p"])
        for blockBytes in [300, 1000, 4096, 1 << 20] {
            let (some, someEvents) = scan(dir + "/stern.log", skipping: true, blockBytes: blockBytes)
            XCTAssertTrue(some.skimmed, "\(blockBytes)-byte blocks")
            XCTAssertEqual(someEvents, allEvents, "\(blockBytes)-byte blocks")
        }
    }

    /// A hit on a stack-trace line whose header was in the block before: the record is still read from
    /// its header, so the event has the header's line number and time. The trace is the shape a Spring
    /// MVC handler logs when `KafkaProducer.send(...).get()` fails (kafka-clients' FutureRecordMetadata).
    func testHitOnAContinuationLineAfterABlockEdge() throws {
        let header = "2026-11-24T10:00:30.024Z ERROR 1 --- [shopping-service] [nio-8080-exec-3] c.p.shopping.order.OrderEventPublisher   : Publishing ORDER_CREATED for ORD-20261124-000412 failed"
        let expiry = "org.apache.kafka.common.errors.TimeoutException: Expiring 3 record(s) for orders-0:30012 ms has passed since batch creation"
        let frames = [
            "org.apache.kafka.clients.producer.internals.FutureRecordMetadata.valueOrError(FutureRecordMetadata.java:97)",
            "org.apache.kafka.clients.producer.internals.FutureRecordMetadata.get(FutureRecordMetadata.java:65)",
            "org.apache.kafka.clients.producer.internals.FutureRecordMetadata.get(FutureRecordMetadata.java:30)",
            "com.portal.shopping.order.OrderEventPublisher.publish(OrderEventPublisher.java:41)",
            "com.portal.shopping.order.OrderService.createOrder(OrderService.java:77)",
            "com.portal.shopping.order.OrderController.create(OrderController.java:35)",
            "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
            "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
            "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
            "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)",
            "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
            "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)",
            "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal(RequestMappingHandlerAdapter.java:831)",
            "org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle(AbstractHandlerMethodAdapter.java:87)",
            "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
            "org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)",
            "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
            "org.springframework.web.servlet.FrameworkServlet.doPost(FrameworkServlet.java:914)",
            "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)",
        ]
        let filler = (0..<100).map { "2026-11-24T10:00:\(String(format: "%02d", $0 % 30)).000Z  INFO 1 --- [shopping-service] [nio-8080-exec-\($0 % 9)] c.p.s.catalog.ProductQueryService        : Product detail served: sku=SKU-\($0)" }
        var lines = filler
        lines.append(header)
        lines.append("java.util.concurrent.ExecutionException: " + expiry)
        lines.append(contentsOf: frames.map { "\tat " + $0 })
        lines.append("Caused by: " + expiry)
        lines.append(filler[0])
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/shopping.log")
        for blockBytes in stride(from: 300, to: 4000, by: 97) {
            let (summary, events) = scan(dir + "/shopping.log", skipping: true, blockBytes: blockBytes)
            XCTAssertTrue(summary.skimmed)
            XCTAssertEqual(events.map(\.line), [101], "\(blockBytes)-byte blocks")
            XCTAssertEqual(events.first?.recordCount, 3)
            XCTAssertEqual(events.first?.time.iso8601, "2026-11-24T10:00:30.024Z")
            XCTAssertEqual(summary.lines, 123)
        }
    }

    /// A record without a timestamp takes the one of the record before it, even when that record was
    /// skipped: a confluent-kafka app's own print between librdkafka's lines.
    func testUntimedRecordInheritsFromASkippedRecord() {
        func warning(_ epoch: String) -> String {
            "%4|\(epoch)|CONFWARN|rdkafka#producer-1| [thrd:app]: Configuration property group.id is a consumer property and will be ignored by this producer instance"
        }
        var lines: [String] = []
        for i in 0..<35 {
            lines.append(warning("17955987\(String(format: "%02d", 10 + i)).500"))
            lines.append("Message delivered to orders [0]")
        }
        lines.append(warning("1795598752.123"))
        lines.append("Message delivery failed: KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}")
        lines.append("Message delivered to orders [0]")
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/producer.log")
        let (all, allEvents) = scan(dir + "/producer.log", skipping: false, blockBytes: 1 << 20)
        XCTAssertEqual(all.layout, .librdkafka)
        // The README's success line is a send that succeeded; the failure is the record that inherits.
        let failures = allEvents.filter { $0.kind == .deliveryFailed }
        XCTAssertEqual(failures.map(\.line), [72])
        XCTAssertEqual(failures.first?.timeInherited, true)
        XCTAssertEqual(failures.first?.time, Timestamp(nanoseconds: 1_795_598_752_123_000_000))
        for blockBytes in [200, 300, 500, 1 << 20] {
            // Without gathering unexplained lines: their level words would hand every warning over.
            let (summary, events) = scan(dir + "/producer.log", skipping: true, blockBytes: blockBytes, unexplainedLines: false)
            XCTAssertTrue(summary.skimmed, "\(blockBytes)-byte blocks")
            XCTAssertEqual(events, allEvents, "\(blockBytes)-byte blocks")
            XCTAssertEqual(summary.lastTime, all.lastTime)
        }
    }

    /// Blank lines cost nothing per line: 8 MiB of them (8 million lines, one record) are scanned in
    /// well under a second even in a debug build, as they come or with every record read, where they took
    /// 9 to 13 s line by line (a release build read blank lines at 38 MB/s).
    func testBlankLinesAreScannedInBulk() {
        let text = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 << 20, alignment: 64)
        defer { text.deallocate() }
        text.initializeMemory(as: UInt8.self, repeating: 0x0A)
        for readAll in [false, true] {
            var options = FileScanner.Options()
            options.skipRecordsWithoutLiterals = !readAll
            let scanner = FileScanner(patterns: TestSupport.defaultPatterns, options: options)
            let start = DispatchTime.now()
            let (summary, events) = scanner.scan(MemoryByteSource(UnsafeRawBufferPointer(text)), compression: .none, path: "blank.log")
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            XCTAssertEqual(summary.lines, 8 << 20)
            XCTAssertEqual(summary.records, 1)
            XCTAssertEqual(events, [])
            XCTAssertLessThan(seconds, 1, "8 MiB of blank lines took \(seconds) s (read all: \(readAll))")
        }
    }

    /// A record as text, for comparing two ways of reading the same lines.
    static func describe(_ record: RecordView) -> String {
        func text(_ bytes: UnsafeRawBufferPointer?) -> String { bytes.map { String(decoding: $0, as: UTF8.self) } ?? "-" }
        return "\(record.firstLine)+\(record.lineCount) \(record.truncated) \(text(record.envelopeTimestamp)) \(text(record.appTimestamp)) "
            + "\(text(record.inheritedTimestamp)) \(text(record.level)) \(text(record.pod)) \(text(record.text))"
    }

    /// Runs of blank lines (`\n` and `\r\n`, short and long, one longer than a record holds) put into
    /// every sample and client log give the same records and counters, fed in bulk through the skipper,
    /// as when each line is fed on its own; and the same events whether records are skipped or not.
    func testBlankLineRunsReadAsLineByLine() throws {
        let runs = [1, 2, 8, 9, 17, 300]
        for path in Self.inputs {
            let (source, _) = try InputOpener.open(path: path, backend: .zlib)
            let original = String(decoding: TestSupport.drain(source).0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            var text: [UInt8] = []
            for (n, line) in original.enumerated() {
                text += Array(line.utf8)
                if n + 1 < original.count { text.append(0x0A) }
                if n % 7 == 3 {
                    // Once a run longer than a record holds (64 KiB), then short ones.
                    let run = n == 3 ? 70_000 : runs[(n / 7) % runs.count]
                    text += n % 2 == 0 ? [UInt8](repeating: 0x0A, count: run) : Array(repeating: [0x0D, 0x0A], count: run).flatMap { $0 }
                }
            }
            let name = path.split(separator: "/").suffix(2).joined(separator: "/")
            var expected: [String] = []
            let reference = RecordReader(maxLineBytes: 1024) { expected.append(Self.describe($0)) }
            let lines = LineReader(bufferSize: 4096 + 1024, maxLineBytes: 1024)
            try text.withUnsafeBytes { bytes in
                try lines.forEachLine(of: MemoryByteSource(bytes)) { line, number, _, _ in reference.feed(line, number: number) }
            }
            reference.finish()
            for blockBytes in [300, 4096] {
                var options = FileScanner.Options()
                options.skipRecordsWithoutLiterals = false
                options.blockBytes = blockBytes
                options.maxLineBytes = 1024
                let scanner = FileScanner(patterns: TestSupport.defaultPatterns, options: options)
                var found: [String] = []
                scanner.recordObserver = { record, _ in
                    found.append(Self.describe(record))
                    return true
                }
                let (all, allEvents) = text.withUnsafeBytes { scanner.scan(MemoryByteSource($0, maxRead: 997), compression: .none, path: path) }
                XCTAssertTrue(found == expected, "\(name) in \(blockBytes)-byte blocks: \(found.count) records, \(expected.count) line by line")
                XCTAssertEqual(all.lines, lines.counters.lines, name)
                XCTAssertEqual(all.records, reference.counters.records, name)
                XCTAssertEqual(all.linesWithoutEnvelope, reference.counters.linesWithoutEnvelope, name)
                XCTAssertEqual(all.recordsWithoutTimestamp, reference.counters.recordsWithoutTimestamp, name)
                XCTAssertEqual(all.truncatedRecords, reference.counters.truncatedRecords, name)
                options.skipRecordsWithoutLiterals = true
                let (_, someEvents) = text.withUnsafeBytes {
                    FileScanner(patterns: TestSupport.defaultPatterns, options: options).scan(MemoryByteSource($0), compression: .none, path: path)
                }
                XCTAssertEqual(someEvents, allEvents, name)
                XCTAssertFalse(allEvents.isEmpty, name)
            }
        }
    }

    /// The two C helpers against a plain reading of lines, on seeded random mixes of `\n`, `\r` and `x`:
    /// the blank lines (`\n`, `\r\n`) at the start of a stretch, and those ending at a line start.
    func testBlankLineRunsAreMeasuredExactly() {
        var seed: UInt64 = 7
        for _ in 0..<1000 {
            var text: [UInt8] = []
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(seed >> 58)
            for _ in 0..<length {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append([0x0A, 0x0A, 0x0A, 0x0D, 0x78][Int(seed >> 61) % 5])
            }
            text.append(0x0A)
            // The lines, each with its `\n`, and whether it is blank once a final `\r` is dropped.
            var starts = [0]
            for (i, byte) in text.enumerated() where byte == 0x0A && i + 1 < text.count { starts.append(i + 1) }
            let ends = Array(starts.dropFirst()) + [text.count]
            let blank = zip(starts, ends).map { $1 - $0 == 1 || ($1 - $0 == 2 && text[$0] == 0x0D) }
            text.withUnsafeBufferPointer { bytes in
                for (k, start) in starts.enumerated() {
                    let run = blank[k...].prefix { $0 }.count
                    var lines = 0
                    let taken = logtrace_blank_lines(bytes.baseAddress! + start, text.count - start, &lines)
                    XCTAssertEqual(lines, run, "\(text) from \(start)")
                    XCTAssertEqual(taken, (run == 0 ? start : ends[k + run - 1]) - start, "\(text) from \(start)")
                    for floor in starts.prefix(k + 1) {
                        let f = starts.firstIndex(of: floor)!
                        let back = blank[f..<k].reversed().prefix { $0 }.count
                        XCTAssertEqual(logtrace_blank_lines_before(bytes.baseAddress!, floor, start), starts[k - back], "\(text) from \(floor) to \(start)")
                    }
                }
            }
        }
    }
}
