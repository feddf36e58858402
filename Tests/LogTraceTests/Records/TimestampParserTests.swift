import XCTest
@testable import LogTrace

final class TimestampParserTests: XCTestCase {
    func parse(_ text: String, offset: Int64 = 0) -> (String, Int)? {
        Array(text.utf8).withUnsafeBytes { bytes in
            TimestampParser(defaultOffsetSeconds: offset).parse(bytes).map { ($0.0.format(fractionDigits: 9), $0.1) }
        }
    }

    func testRFC3339WithAnyNumberOfFractionDigits() {
        XCTAssertEqual(parse("2026-11-24T10:00:05.123456789Z rest")?.0, "2026-11-24T10:00:05.123456789Z")
        XCTAssertEqual(parse("2026-11-24T10:00:05.1Z")?.0, "2026-11-24T10:00:05.100000000Z")
        XCTAssertEqual(parse("2026-11-24T10:00:05Z")?.0, "2026-11-24T10:00:05.000000000Z")
        XCTAssertEqual(parse("2026-11-24T10:00:05.12Z x")?.1, 23)
    }

    func testOffsetsConvertToUTC() {
        XCTAssertEqual(parse("2026-11-24T19:00:05.000+09:00")?.0, "2026-11-24T10:00:05.000000000Z")
        XCTAssertEqual(parse("2026-11-24T05:00:05-0500")?.0, "2026-11-24T10:00:05.000000000Z")
    }

    func testSpaceAndCommaForms() {
        XCTAssertEqual(parse("2026-11-24 10:00:05,123 WARNING kafka")?.0, "2026-11-24T10:00:05.123000000Z")
        XCTAssertEqual(parse("2026-11-24 10:00:05.123  WARN 1 ---")?.1, 23)
    }

    func testZonelessTimesUseTheDefaultOffset() {
        XCTAssertEqual(parse("2026-11-24 19:00:05.000", offset: 9 * 3600)?.0, "2026-11-24T10:00:05.000000000Z")
    }

    func testRejectsNonTimestamps() {
        XCTAssertNil(parse("2026-13-24T10:00:05Z"))
        XCTAssertNil(parse("hello world, not a time"))
        XCTAssertNil(parse("2026-11-24"))
    }

    func testEpochArithmeticAcrossLeapYears() {
        XCTAssertEqual(parse("1970-01-01T00:00:00Z").map { _ in Timestamp(nanoseconds: 0).iso8601 }, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(parse("2024-02-29T23:59:59.999Z")?.0, "2024-02-29T23:59:59.999000000Z")
        XCTAssertEqual(parse("1969-12-31T23:59:59.5Z")?.0, "1969-12-31T23:59:59.500000000Z")
    }

    /// Found by the fuzzer: an 11-digit epoch overflowed 64-bit nanoseconds and trapped. Times outside
    /// 1678 to 2262 are not timestamps logtrace can place.
    func testTimesOutsideTheRangeAreNotTimestamps() {
        XCTAssertNil(parse("99999999999.123|FAIL"))
        XCTAssertNil(parse("9999-12-31T23:59:59Z"))
        XCTAssertNil(parse("1000-01-01T00:00:00Z"))
        XCTAssertEqual(parse("2262-04-11T23:47:16Z")?.0, "2262-04-11T23:47:16.000000000Z")
        XCTAssertEqual(Timestamp(nanoseconds: .max).adding(seconds: 1e12).nanoseconds, .max)
        XCTAssertEqual(Timestamp(nanoseconds: .max).seconds(since: Timestamp(nanoseconds: .min)), 1.8446744073709552e10, accuracy: 1)
    }
}
