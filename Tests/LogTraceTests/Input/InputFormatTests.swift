import Foundation
import XCTest
@testable import LogTrace

/// Input that is not text or gzip is refused by its first bytes, naming the format, rather than read as
/// garbage text that yields no event and "read in full".
final class InputFormatTests: XCTestCase {
    func testOtherCompressionsAndUTF16AreRefusedByName() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let log = TestSupport.fixture("EndToEnd/Fixtures/clients/kafka-python-2/producer.asctime.log")
        var expected: [String: String] = [:]
        for (tool, name, what) in [("zstd -q -c", "p.log.zst", "zstd-compressed"), ("xz -c", "p.log.xz", "xz-compressed"),
                                   ("bzip2 -c", "p.log.bz2", "bzip2-compressed"), ("iconv -f UTF-8 -t UTF-16", "p.utf16.log", "UTF-16 text")] {
            let made = TestSupport.run("/bin/sh", ["-c", "\(tool) < \"$0\" > \"$1\"", log, dir + "/" + name])
            XCTAssertEqual(made.status, 0, "\(tool): \(made.stderr)")
            expected[dir + "/" + name] = what
        }
        let zlib = TestSupport.run("/bin/sh", ["-c", "exec python3 -c \"import sys, zlib; sys.stdout.buffer.write(zlib.compress(open(sys.argv[1], 'rb').read()))\" \"$0\"", log])
        XCTAssertEqual(zlib.status, 0, zlib.stderr)
        TestSupport.writeBytes(zlib.stdout, to: dir + "/p.log.z")
        expected[dir + "/p.log.z"] = "zlib-compressed"
        for (path, what) in expected {
            XCTAssertThrowsError(try InputOpener.open(path: path, backend: .isal)) { error in
                XCTAssertEqual((error as? InputError)?.kind, .unsupportedFormat)
                XCTAssertTrue("\(error)".contains(what), "\(path): \(error)")
            }
        }
        let refused = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", dir])
        XCTAssertEqual(refused.status, 2, "not one input could be read")
        XCTAssertEqual(refused.stdout, "", "no report")
        XCTAssertTrue(refused.stderr.contains("nothing could be read from any of the \(expected.count) inputs"), refused.stderr)
        TestSupport.write(try String(contentsOfFile: log, encoding: .utf8), to: dir + "/p.log")
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", dir])
        XCTAssertEqual(result.status, 1, "the run is partial")
        for path in expected.keys { XCTAssertTrue(result.stderr.contains(path + ": not a format logtrace reads"), result.stderr) }
    }

    /// The same file named twice (relative, with `./`, absolute, through a symlink) is read once: the
    /// loss is not counted twice, and stderr says which paths were dropped.
    func testTheSameFileNamedTwiceIsReadOnce() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let sample = "samples/shopping-service-7d9f8c6b5-x2k4p.log.gz"
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.log.gz", withDestinationPath: TestSupport.repoRoot + "/" + sample)
        let once = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", sample])
        let many = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", sample, "./" + sample, TestSupport.repoRoot + "/" + sample, dir + "/link.log.gz"])
        XCTAssertEqual(many.status, 0, many.stderr)
        let a = try JSONDecoder().decode(Report.self, from: Data(once.stdout.utf8))
        let b = try JSONDecoder().decode(Report.self, from: Data(many.stdout.utf8))
        XCTAssertGreaterThan(a.summary.lostRecords, 0)
        XCTAssertEqual(b.summary.lostRecords, a.summary.lostRecords)
        XCTAssertEqual(b.inputs.files.map(\.path), [sample])
        XCTAssertEqual(many.stderr.components(separatedBy: "is the same file as \(sample): read once").count - 1, 3, many.stderr)
    }
}
