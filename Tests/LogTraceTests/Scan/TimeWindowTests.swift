import Foundation
import XCTest
@testable import LogTrace

/// `--since` / `--until` bounds: what they parse to, and which events a window keeps.
final class TimeWindowTests: XCTestCase {
    func testBoundsParse() throws {
        XCTAssertEqual(TimeWindow.Bound("+90s"), .afterFirstRecord(seconds: 90))
        XCTAssertEqual(TimeWindow.Bound("+5m"), .afterFirstRecord(seconds: 300))
        XCTAssertEqual(TimeWindow.Bound("+1h30m"), .afterFirstRecord(seconds: 5400))
        XCTAssertEqual(TimeWindow.Bound("+1.5h"), .afterFirstRecord(seconds: 5400))
        XCTAssertEqual(TimeWindow.Bound("+2d"), .afterFirstRecord(seconds: 172_800))
        let instant = try XCTUnwrap(TimeWindow.Bound("2026-11-24T10:00:05.250Z"))
        guard case .at(let time) = instant else { return XCTFail("\(instant)") }
        XCTAssertEqual(time.iso8601, "2026-11-24T10:00:05.250Z")
        XCTAssertEqual(TimeWindow.Bound("2026-11-24T19:00:05+09:00"), .at(time.adding(seconds: -0.25)))
        XCTAssertEqual(TimeWindow.Bound("2026-11-24 10:00:05"), .at(time.adding(seconds: -0.25)), "no zone is UTC")
        for bad in ["", "+", "+5", "+5x", "+m", "+1..5m", "-5m", "5m", "2026-11-24", "2026-11-24T10:00:05Zjunk", "2026-13-24T10:00:05Z", "9999-01-01T00:00:00Z", "1795550186.060"] {
            XCTAssertNil(TimeWindow.Bound(bad), bad)
        }
    }

    func testEmptyWindowIsToldOnlyWhenBothEndsAreOfOneKind() {
        XCTAssertTrue(TimeWindow(since: .afterFirstRecord(seconds: 60), until: .afterFirstRecord(seconds: 30)).isEmpty)
        XCTAssertFalse(TimeWindow(since: .afterFirstRecord(seconds: 30), until: .afterFirstRecord(seconds: 30)).isEmpty)
        XCTAssertTrue(TimeWindow(since: .at(Timestamp(nanoseconds: 2)), until: .at(Timestamp(nanoseconds: 1))).isEmpty)
        XCTAssertFalse(TimeWindow(since: .afterFirstRecord(seconds: 60), until: .at(Timestamp(nanoseconds: 1))).isEmpty)
    }

    /// On the samples: the window keeps exactly the events whose time is inside it (both ends
    /// inclusive), leaves the file summaries alone, and counts from the earliest first record.
    func testApplyKeepsTheEventsInsideAndTheFiles() throws {
        let scan = TestSupport.ingest(try Pipeline.inputs([TestSupport.repoRoot + "/samples"])).scan
        let first = try XCTUnwrap(scan.files.compactMap(\.firstTime).min())
        let timed = scan.events.filter { !$0.untimed }.map(\.time).sorted()
        XCTAssertGreaterThan(timed.count, 10)
        let start = timed[timed.count / 4], end = timed[timed.count * 3 / 4]
        let window = TimeWindow(since: .afterFirstRecord(seconds: start.seconds(since: first)), until: .at(end))
        let (kept, applied) = window.apply(to: scan)
        XCTAssertEqual(applied.firstRecord, first)
        XCTAssertEqual(applied.until, end)
        XCTAssertEqual(kept.events.map(\.time), scan.events.filter { $0.untimed || ($0.time >= applied.since! && $0.time <= end) }.map(\.time))
        XCTAssertTrue(kept.events.contains { $0.time == end }, "the end is inclusive")
        XCTAssertEqual(applied.eventsLeftOut, scan.events.count + scan.copies.count - kept.events.count - kept.copies.count)
        XCTAssertGreaterThan(applied.eventsLeftOut, 0)
        XCTAssertEqual(kept.files.map(\.events), scan.files.map(\.events))
    }
}
