import CByteSearch
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

    /// Calls `body` with each line (without its line end), its 1-based number, whether it was cut, and
    /// the offset of its first byte in the stream. The bytes are only valid during the call.
    ///
    /// Before the lines of each newly read stretch are delivered, `onBlock` (when given) sees that whole
    /// stretch of complete lines at once, with its stream offset: a matcher can search it for literals in
    /// one pass instead of line by line. Every delivered line lies inside a stretch `onBlock` saw.
    ///
    /// If the source throws, the lines before the failure have been delivered, and the error is rethrown.
    /// `counters` start again from zero with each call, so one reader can read file after file.
    public func forEachLine(
        of source: any ByteSource,
        onBlock: ((UnsafeRawBufferPointer, Int64) -> Void)? = nil,
        _ body: (UnsafeRawBufferPointer, Int, _ truncated: Bool, _ offset: Int64) -> Void
    ) throws(InputError) {
        counters = Counters()
        let base = buffer.baseAddress!
        var start = 0          // first unconsumed byte
        var end = 0            // end of valid data
        var streamBase: Int64 = 0  // stream offset of buffer[0]
        var skippingRest = false
        var finished = false
        while !finished {
            if start > 0 && start == end {
                streamBase += Int64(start)
                start = 0
                end = 0
            } else if end == buffer.count || (start > 0 && buffer.count - end < maxLineBytes) {
                let pending = end - start
                base.copyMemory(from: base + start, byteCount: pending)
                streamBase += Int64(start)
                start = 0
                end = pending
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { finished = true }
            counters.bytes += Int64(n)
            var scan = end
            end += n
            if let onBlock, n > 0, let last = logtrace_memrchr(base + scan, 0x0A, end - scan) {
                let lastNewline = base.distance(to: UnsafeMutableRawPointer(last))
                var regionStart = start
                if skippingRest, let first = memchr(base + scan, 0x0A, end - scan) {
                    regionStart = base.distance(to: UnsafeMutableRawPointer(first)) + 1
                }
                if regionStart <= lastNewline {
                    onBlock(UnsafeRawBufferPointer(rebasing: buffer[regionStart...lastNewline]), streamBase + Int64(regionStart))
                }
            }
            // Deliver every complete line now in the buffer.
            while scan < end {
                guard let hit = memchr(base + scan, 0x0A, end - scan) else { break }
                let newline = base.distance(to: UnsafeMutableRawPointer(hit))
                if skippingRest {
                    skippingRest = false
                } else {
                    emit(from: start, to: newline, truncated: false, streamBase, body)
                }
                start = newline + 1
                scan = start
            }
            // The rest is an unfinished line.
            if skippingRest {
                start = end
            } else if end - start >= maxLineBytes {
                onBlock?(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + maxLineBytes)]), streamBase + Int64(start))
                emit(from: start, to: start + maxLineBytes, truncated: true, streamBase, body)
                counters.overlongLines += 1
                skippingRest = true
                start = end
            }
        }
        if !skippingRest && end > start {
            onBlock?(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), streamBase + Int64(start))
            emit(from: start, to: end, truncated: false, streamBase, body)
        }
    }

    @inline(__always)
    private func emit(from start: Int, to end: Int, truncated: Bool, _ streamBase: Int64,
                      _ body: (UnsafeRawBufferPointer, Int, Bool, Int64) -> Void) {
        var stop = end
        if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
        counters.lines += 1
        body(UnsafeRawBufferPointer(rebasing: buffer[start..<stop]), counters.lines, truncated, streamBase + Int64(start))
    }
}
