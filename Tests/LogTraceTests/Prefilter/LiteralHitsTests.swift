import CByteSearch
import XCTest
import Foundation
@testable import LogTrace

final class LiteralHitsTests: XCTestCase {
    /// Lines learn the same literals from the block-wide search as from searching each line itself, for
    /// a few literals (one SIMD pass for all), for many (one fingerprint pass, short ones by SIMD) and for
    /// more than a mask has bits (shared bits).
    func testBlockSearchAgreesWithLineByLineSearch() throws {
        for count in [3, 16, 30, 100, 1000] {
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

extension LiteralHitsTests {
    /// Every occurrence of every literal in `text` (overlapping ones too), by offset: the naive search.
    static func occurrences(of literals: [[UInt8]], in text: [UInt8]) -> [Int64] {
        var offsets: [Int64] = []
        text.withUnsafeBytes { t in
            for literal in literals {
                literal.withUnsafeBytes { l in
                    var from = 0
                    while from + l.count <= t.count, let hit = logtrace_memmem(t.baseAddress! + from, t.count - from, l.baseAddress!, l.count) {
                        let at = t.baseAddress!.distance(to: UnsafeRawPointer(hit))
                        offsets.append(Int64(at))
                        from = at + 1
                    }
                }
            }
        }
        return offsets.sorted()
    }

    /// The offsets the block-wide search finds in `text`, read at stream offset 0.
    static func found(_ hits: LiteralHits, in text: [UInt8]) -> [Int64] {
        text.withUnsafeBytes { hits.scan($0, at: 0) }
        return (0..<hits.count).map(hits.offset)
    }

    /// The fingerprint pass finds exactly the occurrences a naive search finds, with the default packs'
    /// literals and 300 to 3,000 literals cut from them (2 to 60 bytes: the SIMD pass below 7 bytes, 4-byte
    /// windows from 7, 8-byte windows from 11), in text made of pieces of those literals and of recorded
    /// lines, so that near-misses (a literal's window without the literal) abound.
    func testFingerprintPassFindsEveryOccurrenceOfManyLiterals() throws {
        let shipped = TestSupport.defaultPatterns.literals
        XCTAssertGreaterThan(shipped.count, LiteralHits.simdLimit)
        let recorded = try String(contentsOfFile: TestSupport.fixture("EndToEnd/Fixtures/clients/kafka-python-2/consumer.log"), encoding: .utf8)
            .split(separator: "\n").map { Array($0.utf8) }
        for extra in [0, 300, 3000] {
            var generator = SplitMix64(seed: UInt64(extra))
            var literals = shipped
            var seen = Set(literals)
            while literals.count < shipped.count + extra {
                let from = shipped.randomElement(using: &generator)!
                let length = Int.random(in: 2...min(60, from.count), using: &generator)
                let start = Int.random(in: 0...(from.count - length), using: &generator)
                let cut = Array(from[start..<(start + length)])
                if seen.insert(cut).inserted { literals.append(cut) }
            }
            // Two-byte cuts would be found everywhere: at least 5 bytes, except a few.
            literals = literals.enumerated().filter { $0.element.count >= 5 || $0.offset % 50 == 0 }.map(\.element)
            let hits = try XCTUnwrap(LiteralHits(literals: literals))
            var text: [UInt8] = []
            while text.count < 60_000 {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text += recorded.randomElement(using: &generator)!
                case 1: text += literals.randomElement(using: &generator)!
                default:
                    let from = literals.randomElement(using: &generator)!
                    text += from.prefix(Int.random(in: 0...from.count, using: &generator)) + from.suffix(Int.random(in: 0...from.count, using: &generator))
                }
                text.append(Int.random(in: 0..<4, using: &generator) == 0 ? 0x0A : 0x20)
            }
            XCTAssertEqual(Self.found(hits, in: text), Self.occurrences(of: literals, in: text), "\(literals.count) literals")
        }
    }

    /// A literal of each length class (SIMD, 4-byte windows, 8-byte windows) is found wherever it sits in
    /// a block: at its first and last byte, across the 32-byte steps, in the scalar tail, and in blocks
    /// too short for one step.
    func testFingerprintPassFindsALiteralAtEveryPositionOfABlock() throws {
        let needles = ["Zq#k!", "] Node ", "Timed out ", "Connection to node ", "Disconnecting from node -1 due to request timeout"]
        let filler = (0..<20).map { Array("never-\($0)-seen-literal".utf8) }
        let hits = try XCTUnwrap(LiteralHits(literals: needles.map { Array($0.utf8) } + filler))
        for needle in needles.map({ Array($0.utf8) }) {
            for length in needle.count...(needle.count + 80) {
                for at in 0...(length - needle.count) {
                    var text = [UInt8](repeating: UInt8(ascii: "N"), count: length)
                    text.replaceSubrange(at..<(at + needle.count), with: needle)
                    XCTAssertEqual(Self.found(hits, in: text), [Int64(at)], "\(String(decoding: needle, as: UTF8.self)): length \(length), at \(at)")
                }
            }
        }
    }

    /// More occurrences in one 32-byte stretch than the output holds (4,096): the output grows, and none
    /// is lost. Here 4,100 literals, all prefixes of one text, all start at its first byte and are all
    /// found by their first window (the text begins with the rarest bytes).
    func testFingerprintPassWithMoreHitsInOneStretchThanTheOutputHolds() throws {
        var generator = SplitMix64(seed: 7)
        let rare: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16]
        let text = rare + (0..<4_200).map { _ in UInt8.random(in: 0x61...0x7A, using: &generator) }
        let literals = (11..<4_111).map { Array(text.prefix($0)) }
        XCTAssertEqual(LiteralHits.rarestWindows(literals.last!, width: 8), 0)
        let hits = try XCTUnwrap(LiteralHits(literals: literals))
        XCTAssertEqual(Self.found(hits, in: text), Self.occurrences(of: literals, in: text))
        XCTAssertEqual(hits.count, 4_100)
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
