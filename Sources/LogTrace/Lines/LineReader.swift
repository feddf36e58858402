import CByteSearch
import Glibc

/// Splits a `ByteSource` into lines over large reused buffers, never holding more than one buffer: a
/// line longer than `maxLineBytes` is cut there, counted, and the rest of it skipped.
///
/// Line ends are `\n`; a `\r` before it is dropped. A final line without `\n` is still a line. An input
/// whose first line end is a lone `\r` (classic Mac line ends) has each `\r` read as a line end.
/// Consumers take either whole blocks of lines (`forEachBlock`, for those that skip most lines) or one
/// line at a time (`forEachLine`).
public final class LineReader {
    /// Counters a file's input summary is built from.
    public struct Counters: Sendable, Equatable {
        public var lines = 0
        public var bytes: Int64 = 0
        public var overlongLines = 0
        /// True when the input's line ends are lone `\r`s, each read as a line end.
        public var carriageReturnLineEnds = false
    }

    /// A stretch of the input handed over at once.
    public struct Block {
        public enum Kind: Sendable, Equatable {
            /// Whole lines, each ending with `\n` (a `\r` before it is still there).
            case lines
            /// One line cut at `maxLineBytes`; the rest of it is skipped.
            case cutLine
            /// The input's last line, which has no `\n`.
            case finalLine
        }
        public var bytes: UnsafeRawBufferPointer
        /// Stream offset of the first byte.
        public var offset: Int64
        /// 1-based number of the block's first line.
        public var firstLine: Int
        public var kind: Kind
    }

    public let maxLineBytes: Int
    private let buffer: UnsafeMutableRawBufferPointer
    public private(set) var counters = Counters()
    private var stopped = false

    public init(bufferSize: Int = 1 << 20, maxLineBytes: Int = 256 * 1024) {
        precondition(bufferSize > maxLineBytes)
        self.maxLineBytes = maxLineBytes
        self.buffer = .allocate(byteCount: bufferSize, alignment: 64)
    }

    deinit {
        buffer.deallocate()
    }

    /// Calls `body` with each stretch of complete lines as it arrives, and with each cut line and the
    /// final unterminated line as blocks of their own. The bytes are only valid during the call. `body`
    /// returns how many lines the block held (its newlines; 1 for the other kinds), which numbers the
    /// next block's lines: a consumer that looks at only some lines counts the others' newlines, which
    /// it can do faster than splitting them.
    ///
    /// If the source throws, the blocks before the failure have been delivered, and the error is
    /// rethrown. `counters` start again from zero with each call, so one reader can read file after file.
    public func forEachBlock(of source: any ByteSource, _ body: (Block) -> Int) throws(InputError) {
        counters = Counters()
        stopped = false
        let base = buffer.baseAddress!
        var start = 0          // first unconsumed byte
        var end = 0            // end of valid data
        var streamBase: Int64 = 0  // stream offset of buffer[0]
        var skippingRest = false
        var finished = false
        // Until the first line end: whether the input ends its lines with `\n` or with lone `\r`s.
        var lineEndKnown = false
        func deliver(_ range: Range<Int>, _ kind: Block.Kind) {
            counters.lines += body(Block(bytes: UnsafeRawBufferPointer(rebasing: buffer[range]), offset: streamBase + Int64(range.lowerBound),
                                         firstLine: counters.lines + 1, kind: kind))
        }
        while !finished && !stopped {
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
            let scan = end
            end += n
            if !lineEndKnown && n > 0 {
                let lf = memchr(base + start, 0x0A, end - start)
                let cr = memchr(base + start, 0x0D, end - start)
                if let cr, lf == nil || cr < lf! {
                    // A `\r` first: a lone one (not `\r\n`) means CR line ends; one at the very end waits.
                    let at = base.distance(to: cr)
                    if at + 1 < end || finished {
                        lineEndKnown = true
                        if at + 1 == end || base.load(fromByteOffset: at + 1, as: UInt8.self) != 0x0A {
                            counters.carriageReturnLineEnds = true
                        }
                    }
                } else if lf != nil {
                    lineEndKnown = true
                }
                if counters.carriageReturnLineEnds { Self.replace(0x0D, with: 0x0A, in: base + start, count: end - start) }
            } else if counters.carriageReturnLineEnds && n > 0 {
                Self.replace(0x0D, with: 0x0A, in: base + scan, count: n)
            }
            if n > 0, let last = logtrace_memrchr(base + scan, 0x0A, end - scan) {
                let lastNewline = base.distance(to: UnsafeMutableRawPointer(last))
                if skippingRest, let first = memchr(base + scan, 0x0A, end - scan) {
                    // The rest of a cut line ends here.
                    start = base.distance(to: UnsafeMutableRawPointer(first)) + 1
                    skippingRest = false
                }
                if start <= lastNewline { deliver(start..<(lastNewline + 1), .lines) }
                start = lastNewline + 1
            }
            // The rest is an unfinished line.
            if skippingRest {
                start = end
            } else if end - start >= maxLineBytes {
                deliver(start..<(start + maxLineBytes), .cutLine)
                counters.overlongLines += 1
                skippingRest = true
                start = end
            }
        }
        if !skippingRest && !stopped && end > start {
            deliver(start..<end, .finalLine)
        }
    }

    /// Turns every `byte` in `count` bytes at `start` into `replacement`.
    private static func replace(_ byte: UInt8, with replacement: UInt8, in start: UnsafeMutableRawPointer, count: Int) {
        var p = start, left = count
        while left > 0, let found = memchr(p, Int32(byte), left) {
            found.storeBytes(of: replacement, as: UInt8.self)
            let next = found + 1
            left -= p.distance(to: next)
            p = next
        }
    }

    /// Ends the `forEachBlock` under way after the block being delivered: for a reader that has seen
    /// all it wants (`--explain`'s first records).
    public func stop() {
        stopped = true
    }

    /// Calls `body` with each line (without its line end), its 1-based number, whether it was cut, and
    /// the offset of its first byte in the stream. The bytes are only valid during the call.
    public func forEachLine(
        of source: any ByteSource,
        _ body: (UnsafeRawBufferPointer, Int, _ truncated: Bool, _ offset: Int64) -> Void
    ) throws(InputError) {
        try forEachBlock(of: source) { block in
            block.forEachLine { line, index, offset in
                body(line, block.firstLine + index, block.kind == .cutLine, offset)
            }
        }
    }
}

extension LineReader.Block {
    /// Calls `body` with each line of the block (without `\r\n`), its index in the block and its
    /// offset; returns how many lines there were.
    @inline(__always)
    @discardableResult
    public func forEachLine(_ body: (UnsafeRawBufferPointer, Int, Int64) -> Void) -> Int {
        guard kind == .lines else {
            body(Self.trimmed(bytes), 0, offset)
            return 1
        }
        let base = bytes.baseAddress!
        var start = 0
        var index = 0
        while start < bytes.count, let hit = memchr(base + start, 0x0A, bytes.count - start) {
            let newline = base.distance(to: UnsafeRawPointer(hit))
            body(Self.trimmed(UnsafeRawBufferPointer(rebasing: bytes[start..<newline])), index, offset + Int64(start))
            index += 1
            start = newline + 1
        }
        return index
    }

    /// The line without a final `\r`.
    @inline(__always)
    static func trimmed(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = line.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)]) }
        return line
    }
}
