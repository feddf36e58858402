import XCTest
@testable import LogTrace

/// The minute cache must give exactly what the parser gives: on the first word of every line of every
/// recording and sample (kubectl's and CRI's timestamps, in file order, as the scanner reads them), and
/// on near-misses of the form it reads itself, each after a remembered minute.
final class TimestampMinuteCacheTests: XCTestCase {
    func check(_ cache: TimestampMinuteCache, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        Array(text.utf8).withUnsafeBytes { bytes in
            let fast = cache.parse(bytes), slow = cache.parser.parse(bytes)
            XCTAssertEqual(fast?.0, slow?.0, text, file: file, line: line)
            XCTAssertEqual(fast?.1, slow?.1, text, file: file, line: line)
        }
    }

    func testTheParsersResultOnEveryRecordedTimestamp() throws {
        let roots = [TestSupport.repoRoot + "/bench/scenarios", TestSupport.repoRoot + "/samples"]
        let paths = InputPaths.expand(roots).filter { $0.hasSuffix(".gz") }.sorted()
        var words = 0
        for path in paths {
            let cache = TimestampMinuteCache(parser: TimestampParser())
            let (bytes, error) = TestSupport.drain(try InputOpener.open(path: path, backend: .zlib).source)
            XCTAssertNil(error, path)
            for line in bytes.split(separator: 0x0A) {
                let word = line.prefix { $0 != 0x20 }
                check(cache, String(decoding: word, as: UTF8.self))
                words += 1
            }
        }
        XCTAssertGreaterThan(words, 50_000)
    }

    func testFormsItDoesNotReadItselfGoToTheParser() {
        for offset: Int64 in [0, 9 * 3600] {
            let cache = TimestampMinuteCache(parser: TimestampParser(defaultOffsetSeconds: offset))
            check(cache, "2026-11-24T10:00:05.123456789Z")
            for text in ["2026-11-24T10:00:06Z", "2026-11-24T10:00:07.1Z", "2026-11-24T10:00:60.5Z", "2026-11-24T10:00:61Z",
                         "2026-11-24T10:00:08.1234567891Z", "2026-11-24T10:00:08.123456789012Z", "2026-11-24T10:00:08,123Z",
                         "2026-11-24T10:00:08.Z", "2026-11-24T10:00:08.123+09:00", "2026-11-24T10:00:08.123", "2026-11-24T10:00:08",
                         "2026-11-24T10:00:0xZ", "2026-11-24T10:00:08.12xZ", "2026-11-24T10:00:08.123Zjunk", "2026-11-24T10:01:08Z",
                         "2026-11-24T10:00:09.5Z", "2026-11-24 10:00:09.5Z", "2026-11-24T10:00:09.000000000Z",
                         "2026-11-24T10:00:09.999999999Z", "2026-11-24T10:00:09.12a456789Z", "2026-11-24T10:00:09.1234567:9Z",
                         "2026-11-24T10:00:09./23456789Z", "2026-11-24T10:00:09.123456789+09:00", "2026-11-24T10:00:09.123456780Z"] {
                check(cache, text)
            }
        }
    }
}
