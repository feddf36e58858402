/// Opens an input path as a byte stream, recognising gzip by its magic bytes rather than its name.
public enum InputOpener {
    /// What kind of data a file holds.
    public enum Compression: String, Sendable, Codable {
        case none
        case gzip
    }

    /// Other formats known by their first bytes, which would read as garbage text: refused, named.
    static let refused: [(magic: [UInt8], what: String)] = [
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed data (decompress it first: zstd -d)"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed data (decompress it first: xz -d)"),
        ([0x42, 0x5A, 0x68], "bzip2-compressed data (decompress it first: bzip2 -d)"),
        ([0x78, 0x9C], "zlib-compressed data (not gzip: decompress it first)"),
        ([0x78, 0xDA], "zlib-compressed data (not gzip: decompress it first)"),
        ([0x78, 0x01], "zlib-compressed data (not gzip: decompress it first)"),
        ([0xFF, 0xFE], "UTF-16 text (convert it first: iconv -f UTF-16 -t UTF-8)"),
        ([0xFE, 0xFF], "UTF-16 text (convert it first: iconv -f UTF-16 -t UTF-8)"),
    ]

    /// Opens `path` (`-` is standard input) and wraps it in a `GzipReader` when it starts with 1f 8b.
    /// zstd, xz, bzip2, zlib and UTF-16 input is refused with an error naming the format.
    public static func open(path: String, backend: InflateBackend) throws(InputError) -> (source: any ByteSource, compression: Compression) {
        let file = try FileByteSource(path: path)
        let peeked = PeekedSource(file)
        try peeked.peek(count: 6)
        if peeked.startsWith([0x1f, 0x8b]) {
            return (GzipReader(source: peeked, backend: backend), .gzip)
        }
        if let format = refused.first(where: { peeked.startsWith($0.magic) }) {
            throw InputError(.unsupportedFormat, format.what)
        }
        return (peeked, .none)
    }
}

/// A source that can look at its first bytes before handing them on.
final class PeekedSource: ByteSource {
    private let inner: any ByteSource
    private var head: [UInt8] = []
    private var headOffset = 0

    init(_ inner: any ByteSource) {
        self.inner = inner
    }

    var rawBytesRead: Int64 { inner.rawBytesRead }
    var warnings: [String] { inner.warnings }

    func peek(count: Int) throws(InputError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { chunk.deallocate() }
        while head.count < count {
            let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<(count - head.count)]))
            if n == 0 { return }
            head.append(contentsOf: chunk[0..<n])
        }
    }

    func startsWith(_ magic: [UInt8]) -> Bool {
        head.count >= magic.count && Array(head[0..<magic.count]) == magic
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if headOffset < head.count {
            let n = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { bytes in
                buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + headOffset, byteCount: n)
            }
            headOffset += n
            return n
        }
        return try inner.read(into: buffer)
    }
}
