import Glibc
import XCTest
@testable import LogTrace

/// A file truncated in place while it is read (logrotate's `copytruncate`) is an error, not a file read in
/// full; a file that grows while it is read is read as far as it goes.
final class FileByteSourceTests: XCTestCase {
    let text = Array((0..<20_000).map { "2026-11-24T10:00:00Z copytruncate line \($0)\n" }.joined().utf8)

    /// Reads 64 KiB, lets `change` alter the file, then reads to the end.
    func readAround(_ change: (String) -> Void) throws -> (read: Int, error: InputError?) {
        let path = TestSupport.temporaryDirectory(self) + "/app.log"
        TestSupport.writeBytes(text, to: path)
        let source = try FileByteSource(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { buffer.deallocate() }
        var read = try source.read(into: buffer)
        XCTAssertEqual(read, 65536)
        change(path)
        let (rest, error) = TestSupport.drain(source)
        read += rest.count
        return (read, error)
    }

    func testTruncatedToZeroWhileReadIsAnError() throws {
        let (read, error) = try readAround { XCTAssertEqual(truncate($0, 0), 0) }
        XCTAssertEqual(read, 65536, "nothing after the truncation is read")
        XCTAssertEqual(error?.kind, .truncatedWhileReading)
        XCTAssertEqual(error?.detail, "it held \(text.count) bytes when opened and 0 now, with 65536 read: it was truncated in place while it was read (as logrotate's copytruncate does), so the report covers only the bytes read before that")
    }

    /// Truncated, then written again past where the reader was: the reader sees a file that went on,
    /// but its end comes before the size it had when opened.
    func testTruncatedAndRewrittenShorterIsAnError() throws {
        let (read, error) = try readAround { path in
            XCTAssertEqual(truncate(path, 0), 0)
            TestSupport.writeBytes(Array(text[0..<100_000]), to: path)
        }
        XCTAssertEqual(read, 100_000)
        XCTAssertEqual(error?.kind, .truncatedWhileReading)
    }

    /// A truncation seen just after a read still hands over what that read got, then the error.
    func testBytesReadBeforeTheTruncationAreKept() throws {
        let path = TestSupport.temporaryDirectory(self) + "/app.log"
        TestSupport.writeBytes(text, to: path)
        let source = try FileByteSource(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { buffer.deallocate() }
        XCTAssertEqual(try source.read(into: buffer), 4096)
        XCTAssertEqual(truncate(path, 1000), 0)
        XCTAssertThrowsError(try source.read(into: buffer)) { error in
            XCTAssertEqual((error as? InputError)?.kind, .truncatedWhileReading)
        }
        XCTAssertEqual(source.rawBytesRead, 4096)
    }

    func testAFileThatGrowsWhileReadIsReadInFull() throws {
        let (read, error) = try readAround { path in
            let fd = open(path, O_WRONLY | O_APPEND)
            XCTAssertGreaterThanOrEqual(fd, 0)
            XCTAssertEqual(write(fd, "one more line\n", 14), 14)
            close(fd)
        }
        XCTAssertNil(error)
        XCTAssertEqual(read, text.count + 14)
    }

    func testAnUntouchedFileIsReadInFull() throws {
        let (read, error) = try readAround { _ in }
        XCTAssertNil(error)
        XCTAssertEqual(read, text.count)
    }
}
