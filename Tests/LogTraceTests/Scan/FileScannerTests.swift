import Glibc
import XCTest
@testable import LogTrace

final class FileScannerTests: XCTestCase {
    /// A log file truncated while it is scanned (logrotate's `copytruncate`, plain or gzip) is read in
    /// part: its summary holds the error, the scan is partial (exit status 1) and stderr names the file.
    func testAFileTruncatedWhileScannedIsReadInPart() throws {
        let dir = TestSupport.temporaryDirectory(self)
        // Trace ids that do not compress, so that the gzip file too is longer than one read.
        var seed: UInt64 = 1
        let text = Array((0..<40_000).map { (n: Int) -> String in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "2026-11-24T10:00:00.000Z  INFO 1 --- [main] app : request \(n) trace \(String(seed, radix: 16)) served\n"
        }.joined().utf8)
        for name in ["app.log", "app.log.gz"] {
            let path = dir + "/" + name
            TestSupport.writeBytes(name.hasSuffix(".gz") ? TestSupport.gzip(text, level: 1) : text, to: path)
            var options = PipelineOptions()
            options.maxLineBytes = 1024
            let scanner = Pipeline(options: options).scanner(patterns: TestSupport.defaultPatterns, blockBytes: 4096)
            var truncated = false
            scanner.progress = { _ in
                if !truncated { truncated = truncate(path, 0) == 0 }
            }
            let (summary, _) = scanner.scan(path: path)
            XCTAssertTrue(truncated, name)
            XCTAssertEqual(summary.error?.kind, .truncatedWhileReading, name)
            XCTAssertGreaterThan(summary.lines, 0, name)
            XCTAssertLessThan(summary.lines, 40_000, name)
            let scan = ScanResult(files: [summary], events: [])
            XCTAssertTrue(scan.isPartial, name)
            let message = try XCTUnwrap(scan.diagnostics.first { $0.isError }, name).text
            XCTAssertTrue(message.hasPrefix(path + ": truncated while being read: it held "), message)
        }
    }
}
