/// Reused room for the text of an envelope that escapes it (Docker's JSON): `Envelope.parse` writes the
/// unescaped line here, so no array is made per line. One per reader; it grows to the longest line.
public final class UnescapeBuffer {
    private var storage: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    public init(capacity: Int = 4096) {
        storage = .allocate(byteCount: max(16, capacity), alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Empties the buffer and makes room for `bytes`; earlier contents are no longer valid.
    func reset(reserving bytes: Int) {
        count = 0
        guard bytes > storage.count else { return }
        storage.deallocate()
        storage = .allocate(byteCount: bytes, alignment: 16)
    }

    /// Appends one byte; room was reserved by `reset`.
    @inline(__always)
    func append(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Appends bytes; room was reserved by `reset`.
    @inline(__always)
    func append(contentsOf bytes: some Collection<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Removes the last byte, if it is `byte`; true when it was.
    func dropLast(if byte: UInt8) -> Bool {
        guard count > 0, storage[count - 1] == byte else { return false }
        count -= 1
        return true
    }

    /// The bytes written since `reset`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }
}
