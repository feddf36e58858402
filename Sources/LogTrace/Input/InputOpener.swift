/// Opens an input path as a byte stream, recognising gzip by its magic bytes rather than its name.
public enum InputOpener {
    /// What kind of data a file holds.
    public enum Compression: String, Sendable, Codable {
        case none
        case gzip
    }

    /// Opens `path` (`-` is standard input) and wraps it in a `GzipReader` when it starts with 1f 8b.
    public static func open(path: String, backend: InflateBackend) throws(InputError) -> (source: any ByteSource, compression: Compression) {
        let file = try FileByteSource(path: path)
        let peeked = PeekedSource(file)
        try peeked.peek(count: 2)
        if peeked.startsWith([0x1f, 0x8b]) {
            return (GzipReader(source: peeked, backend: backend), .gzip)
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
