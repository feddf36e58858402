import XCTest
@testable import LogTrace

final class GzipReaderTests: XCTestCase {
    let firstMember = "2026-11-24T10:00:05.1Z first member line 1\n2026-11-24T10:00:06.2Z first member line 2\n"
    let secondMember = "2026-11-24T10:00:07.3Z second member line 3\n2026-11-24T10:00:08.4Z second member line 4\n"

    func read(_ path: String, _ backend: InflateBackend, chunk: Int = 4096) -> ([UInt8], InputError?, [String]) {
        let (source, compression) = try! InputOpener.open(path: path, backend: backend)
        XCTAssertEqual(compression, .gzip)
        let (bytes, error) = TestSupport.drain(source, chunk: chunk)
        return (bytes, error, source.warnings)
    }

    func testSingleMemberBothBackends() {
        for backend in InflateBackend.allCases {
            let (bytes, error, warnings) = read(TestSupport.fixture("Input/Fixtures/single.log.gz"), backend)
            XCTAssertNil(error, "\(backend)")
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), firstMember, "\(backend)")
            XCTAssertEqual(warnings, [])
        }
    }

    /// `gzip -c a >> f; gzip -c b >> f` is read to the end, not stopped after the first member.
    func testMultiMemberMadeByGzipIsReadToTheEnd() {
        for backend in InflateBackend.allCases {
            for chunk in [7, 4096] {
                let (bytes, error, _) = read(TestSupport.fixture("Input/Fixtures/multi.log.gz"), backend, chunk: chunk)
                XCTAssertNil(error)
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self), firstMember + secondMember, "\(backend) chunk \(chunk)")
            }
        }
    }

    /// Both backends give the same bytes for a file larger than every buffer, over many members.
    func testBackendsAgreeOnLargeMultiMemberFile() {
        let dir = TestSupport.temporaryDirectory(self)
        var expected: [UInt8] = []
        var compressed: [UInt8] = []
        for member in 0..<3 {
            var text = ""
            for i in 0..<20_000 { text += "2026-11-24T10:00:00.\(i % 1000)Z member \(member) line \(i) payload=\(i * 7919 % 104729)\n" }
            expected += Array(text.utf8)
            compressed += TestSupport.gzip(Array(text.utf8), level: member + 1)
        }
        let path = dir + "/large.log.gz"
        TestSupport.writeBytes(compressed, to: path)
        let (isal, isalError, _) = read(path, .isal, chunk: 65536)
        let (zlib, zlibError, _) = read(path, .zlib, chunk: 65536)
        XCTAssertNil(isalError)
        XCTAssertNil(zlibError)
        XCTAssertEqual(isal.count, expected.count)
        XCTAssertTrue(isal == expected)
        XCTAssertTrue(zlib == expected)
    }

    func testTruncatedStreamKeepsDataAndNamesTheOffset() {
        let dir = TestSupport.temporaryDirectory(self)
        var text = ""
        for i in 0..<5000 { text += "2026-11-24T10:00:00Z line \(i) \(i * 31 % 977)\n" }
        let whole = TestSupport.gzip(Array(text.utf8))
        let cut = Array(whole[0..<(whole.count / 2)])
        let path = dir + "/cut.log.gz"
        TestSupport.writeBytes(cut, to: path)
        for backend in InflateBackend.allCases {
            let (bytes, error, _) = read(path, backend)
            XCTAssertEqual(error?.kind, .truncatedGzip, "\(backend)")
            XCTAssertTrue(error?.detail.contains("compressed byte \(cut.count)") ?? false, error?.detail ?? "")
            XCTAssertGreaterThan(bytes.count, 1000, "data before the cut is kept")
            XCTAssertTrue(text.utf8.starts(with: bytes))
        }
    }

    func testFlippedByteIsCorruptWithOffset() {
        let dir = TestSupport.temporaryDirectory(self)
        var text = ""
        for i in 0..<5000 { text += "2026-11-24T10:00:00Z line \(i) \(i * 31 % 977)\n" }
        var bytes = TestSupport.gzip(Array(text.utf8))
        bytes[bytes.count / 2] ^= 0xFF
        let path = dir + "/flipped.log.gz"
        TestSupport.writeBytes(bytes, to: path)
        for backend in InflateBackend.allCases {
            let (out, error) = { let r = read(path, backend); return (r.0, r.1) }()
            XCTAssertEqual(error?.kind, .corruptGzip, "\(backend): \(String(describing: error))")
            XCTAssertTrue(error?.detail.contains("compressed byte") ?? false)
            // Deflate cannot vouch for bytes after the damaged spot until it fails, but those before it are right.
            let common = zip(Array(text.utf8), out).prefix { $0 == $1 }.count
            XCTAssertGreaterThan(common, 1000, "\(backend): the text before the damage comes out intact")
        }
    }

    /// A damaged trailer (CRC-32 or length) fails the member in both backends, after all its text, and
    /// with every input buffer size (small ones split the trailer across refills).
    func testWrongCRCOrLengthInTheTrailerIsCorrupt() throws {
        func read(_ path: String, _ backend: InflateBackend, chunk: Int) throws -> ([UInt8], InputError?, [String]) {
            let reader = GzipReader(source: try FileByteSource(path: path), backend: backend, bufferSize: chunk)
            let (bytes, error) = TestSupport.drain(reader, chunk: 4096)
            return (bytes, error, reader.warnings)
        }
        let dir = TestSupport.temporaryDirectory(self)
        let text = Array((0..<3000).map { "2026-11-24T10:00:00Z line \($0)\n" }.joined().utf8)
        let good = TestSupport.gzip(text)
        for (name, at) in [("crc", good.count - 8), ("length", good.count - 2)] {
            var bytes = good
            bytes[at] ^= 0x01
            let path = dir + "/\(name).log.gz"
            TestSupport.writeBytes(bytes, to: path)
            for backend in InflateBackend.allCases {
                for chunk in [5, 13, 4096] {
                    let (out, error, _) = try read(path, backend, chunk: chunk)
                    XCTAssertEqual(error?.kind, .corruptGzip, "\(name), \(backend), \(chunk)")
                    XCTAssertEqual(out, text, "\(name), \(backend), \(chunk): the text is kept")
                }
            }
        }
        // Untouched, both backends read it to the end at every read size.
        let path = dir + "/good.log.gz"
        TestSupport.writeBytes(good, to: path)
        for backend in InflateBackend.allCases {
            for chunk in [5, 13, 4096] {
                let (out, error, _) = try read(path, backend, chunk: chunk)
                XCTAssertNil(error, "\(backend), \(chunk)")
                XCTAssertEqual(out, text)
            }
        }
    }

    /// `gzip` with the file's name kept (FNAME), turned into a member with a header CRC (FHCRC): the flag
    /// set and the CRC16 (the low half of the header's CRC-32) inserted before the deflate data.
    func gzipWithHeaderCRC(_ text: [UInt8], name: String, dir: String, damaged: Bool = false) -> [UInt8] {
        TestSupport.writeBytes(text, to: dir + "/" + name)
        var member = TestSupport.run("/bin/sh", ["-c", "cd '\(dir)' && gzip -c '\(name)'"]).stdout
        XCTAssertEqual(member[3], 0x08, "gzip keeps the name: FNAME and no other flag")
        member[3] |= 0x02
        let headerEnd = member[10...].firstIndex(of: 0)! + 1
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in member[..<headerEnd] {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        let crc16 = UInt16(truncatingIfNeeded: ~crc) ^ (damaged ? 1 : 0)
        member.insert(contentsOf: [UInt8(crc16 & 0xFF), UInt8(crc16 >> 8)], at: headerEnd)
        return member
    }

    /// A header CRC that `gzip -t` accepts is read by both backends alike, at every read size (ISA-L used
    /// to refuse it: "incorrect CRC-32 or length check near compressed byte 12"); a wrong one is refused
    /// by both, as by `gzip -t`, before any text.
    func testHeaderCRCIsCheckedAndReadByBothBackends() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let text = Array((0..<2000).map { "2026-11-24T10:00:00Z header crc line \($0)\n" }.joined().utf8)
        for damaged in [false, true] {
            let path = dir + (damaged ? "/bad-crc16.log.gz" : "/crc16.log.gz")
            TestSupport.writeBytes(gzipWithHeaderCRC(text, name: "app.log", dir: dir, damaged: damaged), to: path)
            XCTAssertEqual(TestSupport.run("/bin/sh", ["-c", "gzip -t '\(path)'"]).status, damaged ? 1 : 0, "gzip -t")
            for backend in InflateBackend.allCases {
                for chunk in [1, 7, 4096] {
                    let reader = GzipReader(source: try FileByteSource(path: path), backend: backend, bufferSize: max(chunk, 2))
                    let (out, error) = TestSupport.drain(reader, chunk: 4096)
                    if damaged {
                        XCTAssertEqual(error?.kind, .corruptGzip, "\(backend), \(chunk)")
                        XCTAssertTrue(out.isEmpty, "\(backend), \(chunk): \(out.count) bytes of text from a bad header")
                    } else {
                        XCTAssertNil(error, "\(backend), \(chunk)")
                        XCTAssertTrue(out == text, "\(backend), \(chunk): \(out.count) of \(text.count) bytes")
                    }
                }
            }
        }
    }

    /// Every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC) in a second member, split across
    /// refills of a few bytes: both backends read both members.
    func testEveryHeaderFieldInALaterMember() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let first = TestSupport.gzip(Array(firstMember.utf8))
        var second = gzipWithHeaderCRC(Array(secondMember.utf8), name: "second.log", dir: dir)
        // FEXTRA (2-byte length, then the field) after the fixed header, FCOMMENT after the name; the
        // header CRC is computed again over the longer header.
        let nameEnd = second[10...].firstIndex(of: 0)! + 1
        var header = Array(second[..<10]) + [6, 0, 0x41, 0x42, 2, 0, 0x78, 0x79] + Array(second[10..<nameEnd]) + Array("a comment\0".utf8)
        header[3] |= 0x04 | 0x10
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in header {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        second = header + [UInt8(~crc & 0xFF), UInt8((~crc >> 8) & 0xFF)] + Array(second[(nameEnd + 2)...])
        let path = dir + "/two.log.gz"
        TestSupport.writeBytes(first + second, to: path)
        XCTAssertEqual(TestSupport.run("/bin/sh", ["-c", "gzip -t '\(path)'"]).status, 0, "gzip -t")
        for backend in InflateBackend.allCases {
            for chunk in [2, 3, 11, 4096] {
                let reader = GzipReader(source: try FileByteSource(path: path), backend: backend, bufferSize: chunk)
                let (out, error) = TestSupport.drain(reader, chunk: 4096)
                XCTAssertNil(error, "\(backend), \(chunk)")
                XCTAssertEqual(String(decoding: out, as: UTF8.self), firstMember + secondMember, "\(backend), \(chunk)")
            }
        }
    }

    func testTrailingZerosAndGarbageAreToleratedWithAWarning() {
        let dir = TestSupport.temporaryDirectory(self)
        let member = TestSupport.readBytes(TestSupport.fixture("Input/Fixtures/single.log.gz"))
        TestSupport.writeBytes(member + [UInt8](repeating: 0, count: 1024), to: dir + "/zeros.gz")
        TestSupport.writeBytes(member + Array("not gzip at all".utf8), to: dir + "/garbage.gz")
        for backend in InflateBackend.allCases {
            let zeros = read(dir + "/zeros.gz", backend)
            XCTAssertNil(zeros.1)
            XCTAssertEqual(String(decoding: zeros.0, as: UTF8.self), firstMember)
            XCTAssertEqual(zeros.2, ["1024 bytes of zero padding after the gzip data were ignored"])
            let garbage = read(dir + "/garbage.gz", backend)
            XCTAssertNil(garbage.1)
            XCTAssertEqual(String(decoding: garbage.0, as: UTF8.self), firstMember)
            XCTAssertEqual(garbage.2, ["trailing garbage after the gzip data at compressed byte \(member.count) was ignored"])
        }
    }

    /// `gzip -c /dev/null` is a 20-byte file that holds nothing.
    func testEmptyGzip() {
        let dir = TestSupport.temporaryDirectory(self)
        let empty = TestSupport.gzip([])
        XCTAssertEqual(empty.count, 20)
        TestSupport.writeBytes(empty, to: dir + "/empty.gz")
        for backend in InflateBackend.allCases {
            let (bytes, error, _) = read(dir + "/empty.gz", backend)
            XCTAssertNil(error)
            XCTAssertEqual(bytes, [])
        }
    }

    func testPlainFileIsRecognisedByContentNotName() throws {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write("plain text\n", to: dir + "/looks.gz")
        let (source, compression) = try InputOpener.open(path: dir + "/looks.gz", backend: .isal)
        XCTAssertEqual(compression, .none)
        XCTAssertEqual(String(decoding: TestSupport.drain(source).0, as: UTF8.self), "plain text\n")
        let copy = dir + "/gzip-without-suffix"
        TestSupport.writeBytes(TestSupport.readBytes(TestSupport.fixture("Input/Fixtures/single.log.gz")), to: copy)
        XCTAssertEqual(try InputOpener.open(path: copy, backend: .zlib).compression, .gzip)
    }

    func testOpenErrorsAreNamed() {
        XCTAssertThrowsError(try InputOpener.open(path: "/nonexistent/x.log", backend: .isal)) { error in
            XCTAssertEqual((error as? InputError)?.kind, .notFound)
        }
        XCTAssertThrowsError(try InputOpener.open(path: TestSupport.testsRoot, backend: .isal)) { error in
            XCTAssertEqual((error as? InputError)?.kind, .isDirectory)
        }
    }
}

final class PrefetchingSourceTests: XCTestCase {
    /// Read on its own thread, the same bytes come out in the same order, and a truncated stream still
    /// yields everything before the break and then the same error.
    func testSameBytesAndErrorsAsTheSource() throws {
        let dir = TestSupport.temporaryDirectory(self)
        var text = ""
        for i in 0..<60_000 { text += "2026-11-24T10:00:00Z line \(i) \(i * 7919 % 104729)\n" }
        let compressed = TestSupport.gzip(Array(text.utf8))
        TestSupport.writeBytes(compressed, to: dir + "/whole.gz")
        TestSupport.writeBytes(Array(compressed[0..<(compressed.count * 2 / 3)]), to: dir + "/cut.gz")
        for backend in InflateBackend.allCases {
            let whole = PrefetchingSource(try InputOpener.open(path: dir + "/whole.gz", backend: backend).source, chunks: 3, chunkSize: 4096)
            let (bytes, error) = TestSupport.drain(whole, chunk: 1000)
            XCTAssertNil(error)
            XCTAssertTrue(bytes == Array(text.utf8), "\(backend)")
            XCTAssertEqual(whole.rawBytesRead, Int64(compressed.count))
            let direct = TestSupport.drain(try InputOpener.open(path: dir + "/cut.gz", backend: backend).source)
            let prefetched = TestSupport.drain(PrefetchingSource(try InputOpener.open(path: dir + "/cut.gz", backend: backend).source, chunks: 2, chunkSize: 8192))
            XCTAssertEqual(prefetched.1, direct.1)
            XCTAssertEqual(prefetched.1?.kind, .truncatedGzip)
            // An inflater may hold back up to its window of output at a break, depending on read sizes, so
            // compare what came out with the original rather than byte counts.
            XCTAssertTrue(text.utf8.starts(with: prefetched.0), "\(backend)")
            XCTAssertLessThan(abs(prefetched.0.count - direct.0.count), 64 * 1024, "\(backend)")
            XCTAssertGreaterThan(prefetched.0.count, text.utf8.count / 2, "\(backend)")
        }
    }

    /// A consumer that stops early lets the producer thread finish and free its buffers.
    func testAbandonedEarly() throws {
        let source = PrefetchingSource(try InputOpener.open(path: TestSupport.fixture("Input/Fixtures/multi.log.gz"), backend: .isal).source)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 10, alignment: 1)
        defer { buffer.deallocate() }
        XCTAssertEqual(try source.read(into: buffer), 10)
    }
}
