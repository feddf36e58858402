import XCTest
@testable import LogTrace

/// The WARN/ERROR records no pattern matched, gathered during the scan of real recordings.
final class UnexplainedRecordsTests: XCTestCase {
    static let selector = "kafka.net.selector:Task <kafka.net.selector.Task object at <*>> ran for <*> (><*> threshold). It is blocking the event loop -- likely a tight sync loop inside a coroutine. Other pollers will time out."

    func scan(_ path: String, options: FileScanner.Options = FileScanner.Options()) -> (FileSummary, [Event]) {
        FileScanner(patterns: TestSupport.defaultPatterns, options: options).scan(path: TestSupport.repoRoot + "/" + path)
    }

    /// kafka-python 3's event-loop warnings during a broker freeze: no pack has an entry for them, so
    /// they come out as one template, counted, timed and bucketed.
    func testUnmatchedWarningsOfARecordingBecomeOneTemplate() throws {
        let (summary, events) = scan("bench/scenarios/long-freeze-groups/logs/orders-reporter-lmvgxb2h9f-z7pq8.log.gz")
        let found = try XCTUnwrap(summary.unexplained)
        let template = try XCTUnwrap(found.templates.first { $0.text == Self.selector })
        XCTAssertEqual(template.count, 10)
        XCTAssertEqual(template.line, 39)
        XCTAssertNil(template.service)
        XCTAssertEqual(template.first?.iso8601, "2026-12-03T12:57:26.249Z")
        XCTAssertEqual(template.buckets.map(\.count).reduce(0, +), template.count)
        XCTAssertEqual(template.buckets.map(\.second), template.buckets.map(\.second).sorted())
        XCTAssertEqual(template.buckets.first?.line, 39)
        for bucket in template.buckets {
            XCTAssertEqual(UnexplainedTemplates.bucket(of: bucket.first, width: found.bucketSeconds), bucket.second)
            XCTAssertEqual(UnexplainedTemplates.bucket(of: bucket.last, width: found.bucketSeconds), bucket.second)
        }
        XCTAssertEqual(found.recordsLeftOut, 0)
        // No matched record is among them, and the templates are in canonical order.
        XCTAssertFalse(events.contains { $0.line == 39 })
        XCTAssertEqual(found.templates.map(\.text), found.templates.map(\.text).sorted())
    }

    /// Go's `log` package prints no level: kafka-go's producer app says in its own words which orders
    /// were not delivered, right after the library's retry lines. Those level-less lines follow failure
    /// lines, so they are templated, all 51 of them; the same kind of line far from any failure (the
    /// app's first line, the sends before the outage) is not.
    func testLevelLessLinesRightAfterFailuresBecomeTemplates() throws {
        let path = "bench/scenarios/kafka-go-outage/logs/orders-api-cjn77rmzxq-bjt49.log.gz"
        let (summary, events) = scan(path)
        let found = try XCTUnwrap(summary.unexplained)
        let own = try XCTUnwrap(found.templates.first { $0.text == "order <*> not delivered: context deadline exceeded" })
        XCTAssertEqual(own.count, 51)
        XCTAssertEqual(found.templates.max { $0.count < $1.count }, own)
        XCTAssertEqual(own.first?.iso8601, "2026-12-03T11:02:59.199Z")
        XCTAssertFalse(found.templates.contains { $0.text.hasPrefix("Producing to orders") })
        // 275 sends in the file, most before the outage or after it, when no failure line is near.
        let sends = try XCTUnwrap(found.templates.first { $0.text == "writing <*> messages to orders (partition: <*>)" })
        XCTAssertLessThan(sends.count, 30)
        let firstFailure = try XCTUnwrap(events.filter { $0.kind.role == .failure }.map(\.time).min())
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(sends.first), firstFailure)
        // Reading every record gathers the same.
        var every = FileScanner.Options()
        every.skipRecordsWithoutLiterals = false
        XCTAssertEqual(scan(path, options: every).0.unexplained, found)
    }

    /// A file whose every WARN/ERROR record matched a pattern has none; with the option off, no file has any.
    func testNoneWhenEveryFailureMatchedOrWhenTurnedOff() {
        let (matched, _) = scan("bench/scenarios/kv-errors/logs/refunds-api-58m26lm7f7-swls2.log.gz")
        XCTAssertNil(matched.unexplained)
        var off = FileScanner.Options()
        off.collectUnexplainedLines = false
        let (summary, _) = scan("bench/scenarios/long-freeze-groups/logs/orders-reporter-lmvgxb2h9f-z7pq8.log.gz", options: off)
        XCTAssertNil(summary.unexplained)
    }

    func testLevelsTaken() {
        func failure(_ level: String) -> Bool {
            Array(level.utf8).withUnsafeBytes { UnexplainedRecords.isFailure($0) }
        }
        for level in ["WARN", "WARNING", "ERROR", "FATAL", "CRITICAL", "SEVERE", "warn", "warning", "error", "fatal", "critical", "Error"] {
            XCTAssertTrue(failure(level), level)
        }
        for level in ["INFO", "DEBUG", "TRACE", "info", "NOTICE", "3", "4", "WARNINGS", "ERR"] { XCTAssertFalse(failure(level), level) }
        // Every marker is long enough for the fingerprint pass, which makes it almost free.
        XCTAssertTrue(UnexplainedRecords.markers.allSatisfy { $0.count >= LiteralHits.narrowLength })
    }

    /// Skipping the records that hold no pattern literal hands over the header line of every failure
    /// record whose level word stands as the markers have it: on every recording and sample, the same
    /// templates as reading every record, with blocks small enough that records straddle their edges.
    func testSkippingRecordsGathersTheSameTemplates() {
        let roots = [TestSupport.repoRoot + "/bench/scenarios", TestSupport.repoRoot + "/samples", TestSupport.fixture("EndToEnd/Fixtures/clients")]
        let paths = InputPaths.expand(roots).filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThan(paths.count, 100)
        var withTemplates = 0
        for path in paths {
            for blockBytes in [700, 1 << 20] {
                var every = FileScanner.Options(), skimming = FileScanner.Options()
                every.skipRecordsWithoutLiterals = false
                every.blockBytes = blockBytes
                skimming.blockBytes = blockBytes
                every.maxLineBytes = 4096
                skimming.maxLineBytes = 4096
                let (all, allEvents) = FileScanner(patterns: TestSupport.defaultPatterns, options: every).scan(path: path)
                let (some, someEvents) = FileScanner(patterns: TestSupport.defaultPatterns, options: skimming).scan(path: path)
                XCTAssertEqual(some.unexplained, all.unexplained, "\(path) in \(blockBytes)-byte blocks")
                XCTAssertEqual(someEvents, allEvents, "\(path) in \(blockBytes)-byte blocks")
                if blockBytes == 700 && all.unexplained != nil { withTemplates += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(withTemplates, 8)
    }
}
