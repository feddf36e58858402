import XCTest
@testable import LogTrace

/// Which events are copies of another file's, on events built directly: what names a record (pod, time,
/// content hash), real repeats within a file, and an outcome that no order or grouping changes.
final class OverlappingCopiesTests: XCTestCase {
    func event(_ file: String, line: Int, ms: Int64, text: String, pod: String = "orders-api-962jvbs2w5-rccjd",
               untimed: Bool = false) -> Event {
        let hash = Array(text.utf8).withUnsafeBytes { ContentHash(of: $0) }
        return Event(time: Timestamp(nanoseconds: untimed ? 0 : 1_795_514_405_000_000_000 + ms * 1_000_000), appTime: nil,
                     kind: .connectFailed, patternID: "p", service: "orders-api", pod: pod, file: file, line: line, level: "WARN",
                     fields: [:], excerpt: text, timeInherited: false, untimed: untimed, contentHash: untimed ? nil : hash)
    }

    func separate(_ events: [Event]) -> (kept: [Event], copies: [Event], overlaps: [FileOverlap]) {
        OverlappingCopies.separate(events.sorted(by: Event.precedes))
    }

    func testACopyIsCountedOnceFromTheFileFirstByPath() {
        let a = (0..<5).map { event("a/x.log", line: 10 + $0, ms: Int64($0), text: "failed \($0)") }
        let b = (0..<5).map { event("b/x.log.gz", line: 20 + $0, ms: Int64($0), text: "failed \($0)") }
        let (kept, copies, overlaps) = separate(b + a)
        XCTAssertEqual(kept.map(\.file), Array(repeating: "a/x.log", count: 5))
        XCTAssertEqual(copies.map(\.line), [20, 21, 22, 23, 24])
        XCTAssertEqual(overlaps, [FileOverlap(kept: "a/x.log", copy: "b/x.log.gz", events: 5, firstTime: a[0].time, lastTime: a[4].time)])
    }

    func testRepeatsWithinOneFileAreAllKept() {
        let same = (0..<3).map { event("a.log", line: $0, ms: 7, text: "Connection to node 1 could not be established") }
        let (kept, copies, overlaps) = separate(same)
        XCTAssertEqual(kept.count, 3)
        XCTAssertTrue(copies.isEmpty)
        XCTAssertTrue(overlaps.isEmpty)
    }

    /// The n-th record of a name in one file is a copy of the n-th in another: a file holding a repeat
    /// the other lacks keeps it.
    func testRepeatsPairUpByOccurrence() {
        let text = "Connection to node 1 could not be established"
        let a = [event("a.log", line: 1, ms: 7, text: text)]
        let b = [event("b.log", line: 4, ms: 7, text: text), event("b.log", line: 5, ms: 7, text: text)]
        let c = (0..<3).map { event("c.log", line: $0, ms: 7, text: text) }
        let (kept, copies, overlaps) = separate(a + b + c)
        XCTAssertEqual(kept.map { "\($0.file):\($0.line)" }, ["a.log:1", "b.log:5", "c.log:2"])
        XCTAssertEqual(copies.map { "\($0.file):\($0.line)" }, ["b.log:4", "c.log:0", "c.log:1"])
        XCTAssertEqual(overlaps.map { "\($0.kept) \($0.copy) \($0.events)" }, ["a.log b.log 1", "a.log c.log 1", "b.log c.log 1"])
    }

    func testOtherPodsOtherTimesOtherTextAndUntimedEventsAreNotCopies() {
        let events = [
            event("a.log", line: 1, ms: 1, text: "same"),
            event("b.log", line: 1, ms: 1, text: "same", pod: "orders-api-962jvbs2w5-zzzzz"),
            event("c.log", line: 1, ms: 2, text: "same"),
            event("d.log", line: 1, ms: 1, text: "same "),
            event("e.log", line: 1, ms: 0, text: "no time", untimed: true),
            event("f.log", line: 1, ms: 0, text: "no time", untimed: true),
        ]
        let (kept, copies, overlaps) = separate(events)
        XCTAssertEqual(kept.count, events.count)
        XCTAssertTrue(copies.isEmpty)
        XCTAssertTrue(overlaps.isEmpty)
    }

    /// Shards see any grouping of the files: pooling their results in any order and normalizing gives
    /// the same events, copies and overlaps as one result over all files.
    func testAnyGroupingAndOrderGivesTheSameOutcome() {
        var all: [Event] = []
        for (f, file) in ["a.log", "b.log.gz", "c/0.log", "d/0.log.20261124-100500.gz"].enumerated() {
            for k in 0..<40 where (k + f) % 3 != 0 {
                all.append(event(file, line: k, ms: Int64(k / 2), text: "record \(k % 7)"))
            }
        }
        let whole = ScanResult(files: [], events: all).normalized()
        XCTAssertFalse(whole.copies.isEmpty)
        XCTAssertEqual(whole.events.count + whole.copies.count, all.count)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let shuffled = all.shuffled(using: &generator)
            let groups = Int.random(in: 1...4, using: &generator)
            var merged = ScanResult()
            for g in 0..<groups {
                let part = ScanResult(files: [], events: shuffled.enumerated().filter { $0.offset % groups == g }.map(\.element))
                merged.merge(part.normalized())
            }
            let again = merged.normalized()
            XCTAssertEqual(again.events, whole.events)
            XCTAssertEqual(again.copies, whole.copies)
            XCTAssertEqual(again.overlaps, whole.overlaps)
            XCTAssertEqual(again.normalized().overlaps, whole.overlaps, "normalizing twice changes nothing")
        }
    }
}
