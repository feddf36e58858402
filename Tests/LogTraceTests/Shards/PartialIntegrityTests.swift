import Foundation
import XCTest
@testable import LogTrace

/// A partial that is not what its shard wrote (cut short, edited, a line lost or doubled) is refused by
/// `merge` with the file named and exit 2, never merged into a report that quietly lacks files or events.
/// The partials are made by the real `ingest --shard --partial` over samples/, then damaged byte-wise.
final class PartialIntegrityTests: XCTestCase {
    /// Writes the partials of `shards` shards over samples/ into `dir`; returns their paths.
    func makePartials(_ dir: String, shards: Int = 2, suffix: String = ".json") -> [String] {
        (0..<shards).map { index in
            let path = dir + "/part-\(index)" + suffix
            let run = TestSupport.logtrace(["ingest", "--quiet", "--shard", "\(index)/\(shards)", "--partial", path, "samples/"])
            XCTAssertEqual(run.status, 0, run.stderr)
            return path
        }
    }

    /// The file's lines, each without its `\n`.
    func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast(bytes.last == 0x0A ? 1 : 0).map(Array.init)
    }

    func joined(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [0x0A] }
    }

    func starts(_ line: [UInt8], with prefix: String) -> Bool {
        line.starts(with: Array(prefix.utf8))
    }

    /// `merge` of `partials` must fail with exit 2, no report, and a message naming `damaged` and saying `why`.
    func assertRefused(_ partials: [String], damaged: String, why: String, file: StaticString = #filePath, line: UInt = #line) {
        for extra in [[], ["--allow-missing"]] {
            let merged = TestSupport.logtrace(["merge", "--format", "json"] + extra + partials)
            XCTAssertEqual(merged.status, 2, "\(damaged): \(merged.stderr)", file: file, line: line)
            XCTAssertTrue(merged.stdout.isEmpty, "no report from a damaged partial", file: file, line: line)
            XCTAssertTrue(merged.stderr.contains("error: " + damaged + ":"), merged.stderr, file: file, line: line)
            XCTAssertTrue(merged.stderr.contains(why), "expected '\(why)' in: \(merged.stderr)", file: file, line: line)
        }
        XCTAssertThrowsError(try PartialResult.read(from: damaged), file: file, line: line) { error in
            XCTAssertTrue(error is PartialResult.Problem, "\(error)", file: file, line: line)
            XCTAssertTrue("\(error)".hasPrefix(damaged), "\(error)", file: file, line: line)
        }
    }

    /// The whole partials merge into the report one run makes; each gives the counts its trailer states.
    func testWholePartialsMergeAndStateTheirCounts() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let parts = makePartials(dir)
        let single = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", "samples/"])
        let merged = TestSupport.logtrace(["merge", "--format", "json"] + parts)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stdout, single.stdout)
        for path in parts {
            let all = lines(TestSupport.readBytes(path))
            let trailer = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(all.last))) as? [String: Any])["trailer"] as? [String: Any]
            XCTAssertEqual(trailer?["files"] as? Int, all.filter { starts($0, with: "{\"file\":") }.count, path)
            XCTAssertEqual(trailer?["events"] as? Int, all.filter { starts($0, with: "{\"event\":") }.count, path)
            XCTAssertEqual(trailer?["bytes"] as? Int, joined(Array(all.dropLast())).count, path)
            XCTAssertEqual((trailer?["fnv1a64"] as? String)?.count, 16, path)
            let partial = try PartialResult.read(from: path)
            XCTAssertEqual(partial.result.files.count, trailer?["files"] as? Int)
            XCTAssertEqual(partial.result.events.count, trailer?["events"] as? Int)
        }
    }

    /// A shard killed while writing leaves its partial cut at a line boundary (or holding only its header):
    /// today's merge took it with exit 0, and the cut files and events were simply not in the report.
    func testPartialCutAtALineBoundaryIsRefused() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let parts = makePartials(dir)
        let all = lines(TestSupport.readBytes(parts[0]))
        XCTAssertGreaterThan(all.count, 10)
        let cuts: [(name: String, keep: Int)] = [("header-only", 1), ("after-files", 1 + all.dropFirst().prefix { starts($0, with: "{\"file\":") }.count),
                                                 ("half", all.count / 2), ("no-trailer", all.count - 1)]
        for (name, keep) in cuts {
            let cut = dir + "/\(name).json"
            TestSupport.writeBytes(joined(Array(all.prefix(keep))), to: cut)
            assertRefused([cut, parts[1]], damaged: cut, why: "cut short")
        }
        // Cut, then compressed again: a whole gzip stream of a partial that is not whole.
        let gz = makePartials(dir, suffix: ".json.gz")
        let plain = lines(TestSupport.run("/bin/sh", ["-c", "gzip -dc"], input: TestSupport.readBytes(gz[0])).stdout)
        XCTAssertEqual(plain.count, all.count)
        let recompressed = dir + "/recompressed.json.gz"
        TestSupport.writeBytes(TestSupport.gzip(joined(Array(plain.prefix(plain.count - 3)))), to: recompressed)
        assertRefused([recompressed, gz[1]], damaged: recompressed, why: "cut short")
    }

    /// A line lost, doubled or edited, or data after the trailer: the counts, bytes or checksum differ.
    func testPartialWhoseLinesDoNotMatchItsTrailerIsRefused() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let parts = makePartials(dir)
        let all = lines(TestSupport.readBytes(parts[0]))
        let firstEvent = try XCTUnwrap(all.firstIndex { starts($0, with: "{\"event\":") })
        let files = all.filter { starts($0, with: "{\"file\":") }.count, events = all.count - 2 - files
        XCTAssertGreaterThan(files, 1)
        func damage(_ name: String, _ edited: [[UInt8]], why: String) {
            let path = dir + "/\(name).json"
            TestSupport.writeBytes(joined(edited), to: path)
            assertRefused([path, parts[1]], damaged: path, why: why)
        }
        var lostFile = all
        lostFile.remove(at: 1)
        damage("lost-file", lostFile, why: "holds \(files - 1) file summaries and \(events) events, but its trailer says \(files) and \(events)")
        var doubled = all
        doubled.insert(all[firstEvent], at: firstEvent)
        damage("doubled-event", doubled, why: "holds \(files) file summaries and \(events + 1) events, but its trailer says \(files) and \(events)")
        // One digit of an event's line number changed: still valid JSON, same length, other evidence.
        var edited = all
        let key = Array("\"line\":".utf8)
        let at = try XCTUnwrap((0..<(edited[firstEvent].count - key.count)).first { Array(edited[firstEvent][$0..<($0 + key.count)]) == key }) + key.count
        edited[firstEvent][at] = edited[firstEvent][at] == 0x39 ? 0x31 : edited[firstEvent][at] + 1
        damage("edited-event", edited, why: "checksum")
        var blank = all
        blank.insert([], at: firstEvent)
        damage("blank-line", blank, why: "bytes")
        var trailerEdited = all
        let trailer = String(decoding: all[all.count - 1], as: UTF8.self)
        let count = try XCTUnwrap(trailer.range(of: "\"events\":\\d+", options: .regularExpression))
        trailerEdited[all.count - 1] = Array(trailer.replacingCharacters(in: count, with: "\"events\":\(events + 1)").utf8)
        damage("trailer-edited", trailerEdited, why: "holds \(files) file summaries and \(events) events, but its trailer says \(files) and \(events + 1)")
        damage("after-trailer", all + [all[firstEvent]], why: "after the trailer")
        // A partial of an earlier format (no trailer in /2, no content hashes in /3) is refused by its version.
        let header = String(decoding: all[0], as: UTF8.self)
        XCTAssertTrue(header.contains("\"schema\":\"logtrace-partial/5\""), header)
        damage("version-2", [Array(header.replacingOccurrences(of: "logtrace-partial/5", with: "logtrace-partial/2").utf8)] + all.dropFirst().dropLast(),
               why: "partial format 'logtrace-partial/2', but this logtrace reads 'logtrace-partial/5'")
        damage("version-4", [Array(header.replacingOccurrences(of: "logtrace-partial/5", with: "logtrace-partial/4").utf8)] + all.dropFirst(),
               why: "partial format 'logtrace-partial/4', but this logtrace reads 'logtrace-partial/5'")
    }

    /// A partial that cannot be opened, or whose first bytes make it another format (found by
    /// `scripts/fuzz merge`: a partial starting `FE FF`, read as UTF-16), is refused as a partial,
    /// naming the file; it used to escape as a bare input error that named no file.
    func testAPartialThatCannotBeOpenedOrIsAnotherFormatIsRefused() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let parts = makePartials(dir)
        let whole = TestSupport.readBytes(parts[0])
        for (name, magic, why) in [("utf16", [0xFE, 0xFF] as [UInt8], "not a format logtrace reads: UTF-16 text"),
                                   ("zstd", [0x28, 0xB5, 0x2F, 0xFD], "not a format logtrace reads: zstd-compressed data")] {
            let path = dir + "/\(name).json"
            TestSupport.writeBytes(magic + whole.dropFirst(magic.count), to: path)
            assertRefused([path, parts[1]], damaged: path, why: why)
        }
        assertRefused([dir + "/missing.json", parts[1]], damaged: dir + "/missing.json", why: "not found: no such file")
    }
}
