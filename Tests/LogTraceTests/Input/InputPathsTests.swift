import Foundation
import Glibc
import XCTest
@testable import LogTrace

/// How folders given as inputs are listed: links to folders followed, each folder once and no loop
/// followed, file names that are not UTF-8 read and shown escaped, logtrace's own outputs skipped.
final class InputPathsTests: XCTestCase {
    let kafkaLog = TestSupport.repoRoot + "/samples/kafka-6d8f9c7b5-q2w8r.log.gz"

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    func makeFolder(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Creates a file whose name is `name`'s bytes exactly (FileManager would take a String).
    func writeRaw(folder: String, name: [UInt8], _ bytes: [UInt8]) {
        let path = Array(folder.utf8) + [0x2F] + name
        let fd = (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) } }
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }, bytes.count)
        close(fd)
    }

    func testLinksToFoldersAreFollowedEachFolderOnceAndNoLoop() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try makeFolder(dir + "/in/sub")
        try makeFolder(dir + "/other")
        TestSupport.write("a\n", to: dir + "/in/a.log")
        TestSupport.write("b\n", to: dir + "/in/sub/b.log")
        TestSupport.write("c\n", to: dir + "/other/c.log")
        TestSupport.write("d\n", to: dir + "/other/d.log")
        try link(dir + "/in/link", to: "../other")
        try link(dir + "/in/same", to: dir + "/other")
        try link(dir + "/in/sub/loop", to: "..")
        try link(dir + "/in/sub/self", to: ".")
        try link(dir + "/in/c-file.log", to: "../other/c.log")

        let files = [dir + "/in/a.log", dir + "/in/c-file.log", dir + "/in/link/d.log", dir + "/in/sub/b.log"]
        XCTAssertEqual(InputPaths.expand([dir + "/in"]), files)
        let list = InputPaths.expandCountingDuplicates([dir + "/in/"])
        XCTAssertEqual(list.files, files)
        XCTAssertEqual(list.duplicates.map(\.path), [dir + "/in/link/c.log"], "the linked folder is read, its file once")
        XCTAssertEqual(list.skipped, [
            "\(dir)/in/same is the same folder as \(dir)/in/link: read once",
            "\(dir)/in/sub/loop leads back to \(dir)/in, a folder it is in: a loop, not followed",
            "\(dir)/in/sub/self leads back to \(dir)/in/sub, a folder it is in: a loop, not followed",
        ])
    }

    /// Through the binary: a log in a linked folder is read, its evidence under the link's path; the
    /// loop is said on stderr and the run is complete.
    func testALinkedFolderIsReadByTheCommand() throws {
        let dir = TestSupport.temporaryDirectory(self)
        try makeFolder(dir + "/in")
        try makeFolder(dir + "/archive")
        TestSupport.writeBytes(TestSupport.readBytes(kafkaLog), to: dir + "/archive/kafka-6d8f9c7b5-q2w8r.log.gz")
        try link(dir + "/in/archive", to: "../archive")
        try link(dir + "/in/archive-again", to: "../in")
        let run = TestSupport.logtrace(["ingest", "--quiet", dir + "/in"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("| F1 | `\(dir)/in/archive/kafka-6d8f9c7b5-q2w8r.log.gz` |"), run.stdout)
        XCTAssertTrue(run.stdout.contains("`F1:4`"), run.stdout)
        XCTAssertTrue(run.stderr.contains("\(dir)/in/archive-again leads back to \(dir)/in, a folder it is in: a loop, not followed"), run.stderr)
    }

    /// A name with bytes that are not UTF-8 (Latin-1 `é`, a stray 0xff) or with a control byte is read,
    /// and shown with those bytes as `\xHH` in the report and on stderr.
    func testNamesThatAreNotUTF8AreReadAndShownEscaped() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let compressed = TestSupport.readBytes(kafkaLog)
        writeRaw(folder: dir, name: Array("kafka-caf".utf8) + [0xE9, 0xFF] + Array(".log.gz".utf8), compressed)
        writeRaw(folder: dir, name: Array("cut".utf8) + [0x1B] + Array("[31m.log.gz".utf8), Array(compressed[0..<(compressed.count / 2)]))
        let shown = dir + "/kafka-caf\\xe9\\xff.log.gz"
        XCTAssertEqual(InputPaths.expand([dir]), [dir + "/cut\\x1b[31m.log.gz", shown])
        let (source, _) = try InputOpener.open(path: shown, backend: .zlib)
        XCTAssertNil(TestSupport.drain(source).1)

        let run = TestSupport.logtrace(["ingest", "--quiet", dir])
        XCTAssertEqual(run.status, 1, "the cut file is read in part: \(run.stderr)")
        XCTAssertTrue(run.stdout.contains("| F2 | `\(shown)` |"), run.stdout)
        XCTAssertTrue(run.stdout.contains("`F2:4`"), run.stdout)
        XCTAssertTrue(run.stderr.contains("\(dir)/cut\\x1b[31m.log.gz: truncated gzip data"), run.stderr)
        XCTAssertFalse(run.stderr.contains("\u{1B}"), "no raw escape byte reaches the terminal")
        // Named on the command line and in a --files-from list, the same file is read too.
        let named = TestSupport.run("/bin/sh", ["-c", #"exec "$0" ingest --quiet --format json "$(printf "$1/kafka-caf\351\377.log.gz")""#,
                                                TestSupport.logtraceBinary, dir])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(String(decoding: named.stdout, as: UTF8.self).contains("\"path\" : \"\(shown.replacingOccurrences(of: "\\", with: "\\\\"))\""))
        var list = Array(dir.utf8) + Array("/kafka-caf".utf8) + [0xE9, 0xFF] + Array(".log.gz\n".utf8)
        list += list
        TestSupport.writeBytes(list, to: dir + "/.list")
        XCTAssertEqual(try Pipeline.inputs([], listedIn: dir + "/.list"), [shown])
    }

    /// An event export, JSON and Markdown reports and partials (plain and gzip) left among the logs are
    /// skipped, each named on stderr, and the report is the one the logs alone give, byte for byte.
    func testOwnOutputsInAnInputFolderAreSkipped() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let samples = TestSupport.repoRoot + "/samples"
        try FileManager.default.copyItem(atPath: samples, toPath: dir + "/in")
        let alone = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", dir + "/in"])
        XCTAssertEqual(alone.status, 0, alone.stderr)
        try makeFolder(dir + "/in/out")
        let outputs: [(String, [String], String)] = [
            ("out/events.jsonl", ["-o", "/dev/null", "--events"], "a logtrace event export (--events)"),
            ("out/report.json", ["--format", "json", "-o"], "a logtrace report"),
            ("out/report.md", ["-o"], "a logtrace report (Markdown)"),
            ("out/shard.json", ["--shard", "0/1", "--partial"], "a logtrace partial result (ingest --partial)"),
            ("out/shard.json.gz", ["--shard", "0/1", "--partial"], "a logtrace partial result (ingest --partial)"),
        ]
        for (name, options, _) in outputs {
            let run = TestSupport.logtrace(["ingest", "--quiet", samples] + options + [dir + "/in/" + name])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let mixed = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", dir + "/in"])
        XCTAssertEqual(mixed.status, 0, mixed.stderr)
        XCTAssertTrue(mixed.stdout == alone.stdout, "the outputs changed the report")
        for (name, _, what) in outputs {
            XCTAssertTrue(mixed.stderr.contains("logtrace: warning: \(dir)/in/\(name) is \(what), not a log: skipped\n"), name + ": " + mixed.stderr)
        }
    }

    /// Logs that begin like one of logtrace's outputs, but are not, are read.
    func testLogsThatLookLikeOutputsAreRead() {
        let lookAlikes = [
            #"{"datetime":"2026-11-24T10:00:00Z","level":"INFO","message":"a JSON log line"}"#,
            #"{"patterns":{"ok":true},"schema":"app-config/2"}"#,
            "{\n  \"schema\" : \"other/1\"\n}",
            "# Kafka outage report\n\nWritten by hand.",
        ]
        for text in lookAlikes {
            XCTAssertNil(OwnOutput.kind(ofFirstLine: ArraySlice(text.utf8)), text)
        }
    }
}
