/// Bytes already in memory as a `ByteSource`, handed out in reads of at most `maxRead` bytes (small,
/// uneven reads exercise buffer boundaries in fuzzing and tests).
public final class MemoryByteSource: ByteSource {
    private let bytes: UnsafeRawBufferPointer
    private let maxRead: Int
    private var position = 0
    public var rawBytesRead: Int64 { Int64(position) }
    public var warnings: [String] { [] }

    /// `bytes` must stay valid while the source is read.
    public init(_ bytes: UnsafeRawBufferPointer, maxRead: Int = .max) {
        self.bytes = bytes
        self.maxRead = max(1, maxRead)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n = min(buffer.count, bytes.count - position, maxRead)
        if n > 0 { buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}
