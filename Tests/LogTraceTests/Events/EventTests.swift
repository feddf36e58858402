import Glibc
import XCTest
@testable import LogTrace

/// Events are held compactly: each in one small allocation, the parts they have in common shared.
final class EventTests: XCTestCase {
    static let line = "2026-11-24T10:00:05.104Z  WARN 1 --- [shopping-service] [ad | producer-1] org.apache.kafka.clients.NetworkClient   : [Producer clientId=shopping-producer] Connection to node 1 (kafka/10.244.1.17:9092) could not be established. Node may not be available."

    func scan(_ text: String, keepExcerpts: Bool = true) -> [Event] {
        var options = FileScanner.Options()
        options.keepExcerpts = keepExcerpts
        let scanner = FileScanner(patterns: TestSupport.defaultPatterns, options: options)
        return Array(text.utf8).withUnsafeBytes {
            scanner.scan(MemoryByteSource($0), compression: .none, path: "shopping-service-7d9f8c6b5-x2k4p.log").1
        }
    }

    func testAnEventTakesAtMost64Bytes() {
        let events = scan(String(repeating: Self.line + "\n", count: 500))
        XCTAssertEqual(events.count, 500)
        // glibc's malloc_usable_size (not in the Glibc module): the bytes the allocation holds. malloc may
        // hand one event a larger free chunk left by earlier tests, so the smallest of 500 is the event's size.
        typealias UsableSize = @convention(c) (UnsafeMutableRawPointer?) -> Int
        let usableSize = unsafeBitCast(dlsym(nil, "malloc_usable_size"), to: UsableSize.self)
        let size = events.map { usableSize(Unmanaged.passUnretained($0).toOpaque()) }.min()!
        XCTAssertLessThanOrEqual(size, 64 - 8, "one allocation of 56 bytes, 64 with malloc's header")
    }

    func testEventsOfAFileShareTheirOriginAndLikeEventsTheirTraits() {
        let text = String(repeating: Self.line + "\n", count: 3)
        let events = scan(text)
        XCTAssertEqual(events.count, 3)
        XCTAssertTrue(events[0].template === events[1].template && events[1].template === events[2].template)
        XCTAssertEqual(events.map(\.line), [1, 2, 3])
        XCTAssertEqual(events[2].client, "shopping-producer")
        XCTAssertEqual(events[2].service, "shopping-service")
        XCTAssertTrue(events[2].excerpt.contains("Connection to node 1"), events[2].excerpt)
    }

    func testExcerptsLeftOutWhenNotKept() {
        let kept = scan(Self.line + "\n")[0], dropped = scan(Self.line + "\n", keepExcerpts: false)[0]
        XCTAssertEqual(dropped.excerpt, "")
        XCTAssertEqual(dropped.fields, kept.fields)
        XCTAssertEqual(dropped.time, kept.time)
        XCTAssertEqual(dropped.contentHash, kept.contentHash)
    }

    func testFieldsAndFlagsRoundTripThroughCoding() throws {
        let event = Event(time: Timestamp(nanoseconds: 5), appTime: Timestamp(nanoseconds: -3), kind: .batchExpired, patternID: "p",
                          service: "s", pod: "p-1", file: "f.log", line: 1 << 40, level: "ERROR", fields: ["count": "5"],
                          excerpt: "e", timeInherited: true, untimed: false, fate: .lost, contentHash: ContentHash(value: .max))
        let decoded = try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(event))
        XCTAssertEqual(decoded, event)
        XCTAssertEqual(decoded.line, 1 << 40)
        XCTAssertEqual(decoded.appTime, Timestamp(nanoseconds: -3))
        XCTAssertEqual(decoded.contentHash, ContentHash(value: .max))
        XCTAssertEqual(decoded.fate, .lost)
        XCTAssertTrue(decoded.timeInherited)
        XCTAssertFalse(decoded.untimed)
        XCTAssertEqual(decoded.recordCount, 5)
    }
}
