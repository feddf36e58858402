import CByteSearch
import XCTest
import Foundation
@testable import LogTrace

final class LiteralHitsTests: XCTestCase {
    /// Lines learn the same literals from the block-wide search as from searching each line itself, for
    /// a few literals (one SIMD pass for all), for many (one hashed pass, short ones by SIMD) and for
    /// more than a mask has bits (shared bits).
    func testBlockSearchAgreesWithLineByLineSearch() throws {
        for count in [3, 16, 30, 100] {
            var words = (0..<count).map { "literal-\($0)-" + String(repeating: "x", count: $0 % 5) + (count > 8 && $0 == 0 ? "" : "!") }
            if count > LiteralHits.simdLimit {
                words[1] = "Zq"
                words[2] = "k#j"
            }
            let yaml = "pack: t\npatterns:\n" + words.enumerated().map { i, w in
                "  - id: p\(i)\n    kind: disconnected\n    literal: '\(w)'\n    regex: '\(NSRegularExpression.escapedPattern(for: w).replacingOccurrences(of: "'", with: "''"))'\n"
            }.joined()
            let set = try PatternSet(definitions: PatternFileParser.parse(yaml: yaml, file: "t.yaml"), files: ["t.yaml"])
            let hits = try XCTUnwrap(LiteralHits(literals: set.literals))
            var generator = SplitMix64(seed: UInt64(count))
            var lines: [String] = []
            for _ in 0..<2000 {
                var line = String((0..<Int.random(in: 0..<120, using: &generator)).map { _ in "abcdefghij -!x".randomElement(using: &generator)! })
                if Int.random(in: 0..<4, using: &generator) == 0 {
                    let at = line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &generator))
                    line.insert(contentsOf: words.randomElement(using: &generator)!, at: at)
                }
                lines.append(line)
            }
            let block = Array((lines.joined(separator: "\n") + "\n").utf8)
            block.withUnsafeBytes { hits.scan($0, at: 1000) }
            var offset: Int64 = 1000
            for line in lines {
                let expected = set.literals.enumerated().reduce(LiteralMask()) { mask, entry in
                    Array(line.utf8).withUnsafeBytes { PatternSet.contains($0, entry.element) } ? mask | LiteralHits.bit(entry.offset) : mask
                }
                XCTAssertEqual(hits.mask(lineAt: offset, length: line.utf8.count), expected, "\(count) literals: \(line)")
                offset += Int64(line.utf8.count + 1)
            }
        }
    }

    /// More occurrences in one block than the search's output holds (4,096 per call): it resumes where
    /// it stopped and loses none.
    func testBlockWithMoreHitsThanOneCallHolds() throws {
        let yaml = "pack: t\npatterns:\n  - id: a\n    kind: disconnected\n    literal: 'Zq'\n    regex: 'Zq'\n  - id: b\n    kind: disconnected\n    literal: 'Node '\n    regex: 'Node '\n"
        let set = try PatternSet(definitions: PatternFileParser.parse(yaml: yaml, file: "t.yaml"), files: ["t.yaml"])
        let hits = try XCTUnwrap(LiteralHits(literals: set.literals))
        let lines = (0..<30_000).map { $0 % 3 == 2 ? "plain line \($0)" : ($0 % 3 == 0 ? "Zq\($0)" : "Node \($0)Zq") }
        Array((lines.joined(separator: "\n") + "\n").utf8).withUnsafeBytes { hits.scan($0, at: 0) }
        XCTAssertEqual(hits.count, 30_000)
        var offset: Int64 = 0
        for (i, line) in lines.enumerated() {
            let expected: LiteralMask = i % 3 == 2 ? LiteralMask() : (i % 3 == 0 ? LiteralHits.bit(0) : LiteralHits.bit(0) | LiteralHits.bit(1))
            XCTAssertEqual(hits.mask(lineAt: offset, length: line.utf8.count), expected, line)
            offset += Int64(line.utf8.count + 1)
        }
    }

    /// The SIMD search finds a needle wherever it sits: at the start, inside, straddling the 32-byte
    /// steps, and in the last bytes (the scalar tail), for every text length up to 100.
    func testSIMDFindAtEveryPosition() {
        let needle = Array("] Node ".utf8)
        let (first, second) = LiteralHits.rarestPair(needle)
        for length in needle.count...100 {
            for at in 0...(length - needle.count) {
                var text = [UInt8](repeating: UInt8(ascii: "N"), count: length)
                text.replaceSubrange(at..<(at + needle.count), with: needle)
                var offsets = [UInt32](repeating: 0, count: 64)
                var which = [UInt8](repeating: 0, count: 64)
                var position = 0
                let found: [Int] = text.withUnsafeBufferPointer { t in
                    needle.withUnsafeBufferPointer { n in
                        var literal = logtrace_literal(bytes: n.baseAddress!, length: n.count, first: first, second: second)
                        let count = logtrace_find_all(t.baseAddress!, t.count, &position, &literal, 1, &offsets, &which, offsets.count)
                        return offsets.prefix(count).map(Int.init)
                    }
                }
                XCTAssertEqual(found, [at], "length \(length), at \(at)")
                XCTAssertEqual(position, length)
            }
        }
    }
}

/// SplitMix64: a seeded generator, so that a failing random case comes back on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
