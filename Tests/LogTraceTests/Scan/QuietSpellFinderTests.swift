import Foundation
import XCTest
@testable import LogTrace

final class QuietSpellFinderTests: XCTestCase {
    static let scenarios = TestSupport.repoRoot + "/bench/scenarios"

    /// The recorded scenarios' log files (kubectl `--timestamps` or CRI: every line starts with its time).
    static func recordedFiles() throws -> [String] {
        let fm = FileManager.default
        return try fm.contentsOfDirectory(atPath: scenarios).sorted().flatMap { name -> [String] in
            let logs = scenarios + "/" + name + "/logs"
            guard fm.fileExists(atPath: logs) else { return [] }
            return try Pipeline.inputs([logs])
        }
    }

    /// Each line's time, read the slow way: the first word of every line, parsed.
    static func lineTimes(_ path: String) -> [Timestamp?] {
        let text = TestSupport.run("/bin/sh", ["-c", "gzip -dcf < '\(path)'"]).stdout
        return text.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            let word = Array(line.prefix { $0 != 0x20 })
            return word.withUnsafeBytes { TimestampParser().parse($0)?.0 }
        }
    }

    static func spells(_ path: String, blockBytes: Int) -> [QuietSpell] {
        let scanner = Pipeline(options: PipelineOptions()).scanner(patterns: TestSupport.defaultPatterns, blockBytes: blockBytes)
        return scanner.scan(path: path).0.quietSpells ?? []
    }

    /// On every recording, each spell is two timed lines with no timed line between them, at least
    /// `minimumSeconds` apart, at those lines' own times: the bisection claims no silence that is not
    /// there and invents no time. And the spells do not depend on where blocks end (4 KiB blocks
    /// against 1 MiB).
    func testSpellsAreRealSilencesWhateverTheBlockSize() throws {
        var found = 0
        for path in try Self.recordedFiles() {
            let spells = Self.spells(path, blockBytes: 1 << 20)
            XCTAssertEqual(Self.spells(path, blockBytes: 4096), spells, path)
            XCTAssertEqual(Self.spells(path, blockBytes: 1500), spells, path)
            guard !spells.isEmpty else { continue }
            let times = Self.lineTimes(path)
            for spell in spells {
                found += 1
                XCTAssertEqual(times[spell.lastLine - 1], spell.lastTime, "\(path):\(spell.lastLine)")
                XCTAssertEqual(times[spell.resumedLine - 1], spell.resumedTime, "\(path):\(spell.resumedLine)")
                XCTAssertTrue(times[spell.lastLine..<(spell.resumedLine - 1)].allSatisfy { $0 == nil }, "\(path):\(spell.lastLine)")
                XCTAssertGreaterThanOrEqual(spell.seconds, QuietSpellFinder.minimumSeconds, "\(path):\(spell.lastLine)")
                XCTAssertGreaterThanOrEqual(spell.seconds, QuietSpellFinder.cadenceFactor * spell.usualGapSeconds, "\(path):\(spell.lastLine)")
            }
        }
        XCTAssertGreaterThan(found, 5, "the recordings of outages hold pods that went quiet")
    }

    /// A silence the finder must find: long-outage-no-expiry's aiokafka producer logged a line every
    /// few tens of milliseconds, then nothing for 5.2 s inside the outage.
    func testARecordedProducerGoingQuietIsFound() throws {
        let path = Self.scenarios + "/long-outage-no-expiry/logs/cart-api-gscp8swblj-7zmz6.log.gz"
        let spells = Self.spells(path, blockBytes: 1 << 20)
        let spell = try XCTUnwrap(spells.first { $0.lastLine == 1742 }, "\(spells)")
        XCTAssertEqual(spell.resumedLine, 1743)
        XCTAssertEqual(spell.seconds, 5.19, accuracy: 0.01)
        XCTAssertLessThan(spell.usualGapSeconds, 0.1)
        XCTAssertFalse(spell.caughtUp, "a retry loop's next line brings no backlog")
    }

    /// A day without an outage has no pod going quiet.
    func testTheQuietDayHasNoSpell() throws {
        for path in try Pipeline.inputs([Self.scenarios + "/quiet-day/logs"]) {
            XCTAssertEqual(Self.spells(path, blockBytes: 1 << 20), [], path)
        }
    }
}
