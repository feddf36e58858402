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

    func scan(_ path: String, skipping: Bool, blockBytes: Int) -> (FileSummary, [Event]) {
        var options = FileScanner.Options()
        options.skipRecordsWithoutLiterals = skipping
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
                XCTAssertFalse(all.skimmed, name)
                // CRI files (whose fragments could split a literal) are read in full, and so are files
                // in which every record holds an event; every other file has records to skip.
                if all.envelope == .cri || all.records == all.events {
                    XCTAssertFalse(some.skimmed, name)
                    XCTAssertEqual(some.records, all.records, name)
                } else {
                    XCTAssertTrue(some.skimmed, name)
                    XCTAssertLessThan(some.records, all.records, name)
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
            let (summary, events) = scan(dir + "/producer.log", skipping: true, blockBytes: blockBytes)
            XCTAssertTrue(summary.skimmed, "\(blockBytes)-byte blocks")
            XCTAssertEqual(events, allEvents, "\(blockBytes)-byte blocks")
            XCTAssertEqual(summary.lastTime, all.lastTime)
        }
    }
}
