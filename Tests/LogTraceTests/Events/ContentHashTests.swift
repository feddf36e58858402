import Foundation
import XCTest
@testable import LogTrace

/// The hash that tells two copies of a record from two records printed at the same time: stable across
/// builds and machines (partials hold it), and changed by any byte of the text or its length.
final class ContentHashTests: XCTestCase {
    func testStableAndChangedByEveryByte() {
        func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { ContentHash(of: $0).value } }
        XCTAssertEqual(ContentHash(value: hash("")).hex.count, 16)
        // A fixed value (checked against a Python rendering of the same steps): partials hold the hash,
        // so it must not change between builds or machines.
        XCTAssertEqual(ContentHash(value: hash("Connection to node 1 could not be established.")).hex, "a16630af0eb2050e")
        let base = Array("2026-11-24T10:00:05.021Z  WARN 1 --- [producer-1] o.a.k.c.NetworkClient : Connection to node 1".utf8)
        var seen = Set<UInt64>()
        for i in base.indices {
            var changed = base
            changed[i] ^= 0x01
            seen.insert(changed.withUnsafeBytes { ContentHash(of: $0).value })
        }
        seen.insert(base.withUnsafeBytes { ContentHash(of: $0).value })
        seen.insert(base.dropLast().withUnsafeBytes { ContentHash(of: $0).value })
        XCTAssertEqual(seen.count, base.count + 2, "a change in any byte, or the length, changes the hash")
        let encoded = try! JSONEncoder().encode([ContentHash(value: 0xab)])
        XCTAssertEqual(String(decoding: encoded, as: UTF8.self), "[\"00000000000000ab\"]")
        XCTAssertEqual(try! JSONDecoder().decode([ContentHash].self, from: encoded), [ContentHash(value: 0xab)])
    }
}
