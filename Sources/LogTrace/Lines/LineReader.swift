import Glibc

/// Splits a `ByteSource` into lines with memchr over large reused buffers, never holding more than one
/// buffer: a line longer than `maxLineBytes` is cut there, counted, and the rest of it skipped.
///
/// Line ends are `\n`; a `\r` before it is dropped. A final line without `\n` is still a line.
public final class LineReader {
    /// Counters a file's input summary is built from.
    public struct Counters: Sendable, Equatable {
        public var lines = 0
        public var bytes: Int64 = 0
        public var overlongLines = 0
    }

    public let maxLineBytes: Int
    private let buffer: UnsafeMutableRawBufferPointer
    public private(set) var counters = Counters()

    public init(bufferSize: Int = 1 << 20, maxLineBytes: Int = 256 * 1024) {
        precondition(bufferSize > maxLineBytes)
        self.maxLineBytes = maxLineBytes
        self.buffer = .allocate(byteCount: bufferSize, alignment: 64)
    }

    deinit {
        buffer.deallocate()
    }

    /// Calls `body` with each line (without its line end) and its 1-based number. The bytes are only
    /// valid during the call. If the source throws, the lines before the failure have been delivered,
    /// and the error is rethrown.
    public func forEachLine(
        of source: any ByteSource,
        _ body: (UnsafeRawBufferPointer, Int, _ truncated: Bool) -> Void
    ) throws(InputError) {
        let base = buffer.baseAddress!
        var start = 0          // first unconsumed byte
        var end = 0            // end of valid data
        var skippingRest = false
        var finished = false
        while !finished {
            if start > 0 && start == end {
                start = 0
                end = 0
            } else if end == buffer.count || (start > 0 && buffer.count - end < maxLineBytes) {
                let pending = end - start
                base.copyMemory(from: base + start, byteCount: pending)
                start = 0
                end = pending
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { finished = true }
            counters.bytes += Int64(n)
            var scan = end
            end += n
            // Deliver every complete line now in the buffer.
            while scan < end {
                guard let hit = memchr(base + scan, 0x0A, end - scan) else { break }
                let newline = base.distance(to: UnsafeMutableRawPointer(hit))
                if skippingRest {
                    skippingRest = false
                } else {
                    emit(from: start, to: newline, truncated: false, body)
                }
                start = newline + 1
                scan = start
            }
            // The rest is an unfinished line.
            if skippingRest {
                start = end
            } else if end - start >= maxLineBytes {
                emit(from: start, to: start + maxLineBytes, truncated: true, body)
                counters.overlongLines += 1
                skippingRest = true
                start = end
            }
        }
        if !skippingRest && end > start {
            emit(from: start, to: end, truncated: false, body)
        }
    }

    @inline(__always)
    private func emit(from start: Int, to end: Int, truncated: Bool,
                      _ body: (UnsafeRawBufferPointer, Int, Bool) -> Void) {
        var stop = end
        if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
        counters.lines += 1
        body(UnsafeRawBufferPointer(rebasing: buffer[start..<stop]), counters.lines, truncated)
    }
}
