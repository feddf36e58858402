import CByteSearch
import Glibc

/// Finds one file's `QuietSpell`s in the scan's own pass, block by block, without reading every line's
/// timestamp: between two timed lines more than a second apart it reads the time of a line near the
/// middle, and so on down, so a block costs about two timestamps per second of log it covers. Two timed
/// lines with no timed line between them and at least `minimumSeconds` apart are a silence; it is a spell
/// when the pod had been steady before (lines in at least `steadyShare` of the seconds of the
/// `steadyWindow` before, over at least `minimumHistory` seconds, with no pause a `pauseRatio`th as
/// long as the silence) and the silence lasts at least `cadenceFactor` times its usual gap.
///
/// A pod's bytes per second are kept for the last 64 seconds of its own time; its usual gap is the
/// window's seconds over its lines (bytes over the file's mean line length).
public final class QuietSpellFinder {
    /// A silence is at least this long (a second is the resolution of the activity kept), and at least
    /// `cadenceFactor` times the pod's usual gap: ten gaps missed in a row is no jitter.
    public static let minimumSeconds = 5.0
    public static let cadenceFactor = 10.0
    /// The stretch before a silence that must be steady, and how much of it must be known.
    public static let steadyWindow: Int64 = 30
    public static let minimumHistory: Int64 = 15
    public static let steadyShare = 0.75
    /// No pause in the steady stretch is longer than the silence over this.
    public static let pauseRatio = 3.0
    /// The seconds after a silence whose rate tells a backlog (`QuietSpell.catchUp`).
    public static let catchUpSeconds: Int64 = 2
    /// The most spells kept per file: a steady pod has a handful.
    public static let cap = 1000

    private struct Point {
        /// The line's start in the file's text, and its time.
        var offset: Int64
        var time: Timestamp
        var second: Int64 { time.nanoseconds >= 0 ? time.nanoseconds / 1_000_000_000 : (time.nanoseconds + 1) / 1_000_000_000 - 1 }
    }

    private struct Pending {
        var spell: QuietSpell
        var rateBefore: Double
        var resumedSecond: Int64
    }

    private let parser: TimestampParser
    private let buffer = UnescapeBuffer()
    /// The spells found so far, in file order; complete after `finish()`.
    public private(set) var spells: [QuietSpell] = []
    private var pending: [Pending] = []
    /// The last timed line of the blocks read so far, and its line number.
    private var carry: (point: Point, line: Int)?
    private var bytesPerSecond = [Int64](repeating: 0, count: 64)
    private var currentSecond: Int64 = 0
    private var firstSecond: Int64?
    private var textBytes: Int64 = 0
    private var lines: Int64 = 0

    public init(parser: TimestampParser) {
        self.parser = parser
    }

    /// Reads the times of `block` (of `lineCount` lines) in `format`; blocks come in file order.
    public func read(_ block: LineReader.Block, lineCount: Int, format: RecordFormat?) {
        textBytes += Int64(block.bytes.count)
        lines += Int64(lineCount)
        guard let format, block.kind == .lines, format.envelope != .stern, format.recordsMayHaveTimestamps,
              !block.bytes.isEmpty, spells.count + pending.count < Self.cap else { return }
        let view = BlockView(block: block, format: format, parser: parser, buffer: buffer)
        guard let first = view.firstTimed(from: 0, before: block.bytes.count) else { return }
        if let carry {
            leaf(carry.point, first, single: true, view) { [carry] in (carry.line, view.lineNumber(at: first.offset, lineCount: lineCount)) }
        }
        let last = view.lastTimed(after: Int(first.offset - block.offset)) ?? first
        bisect(first, last, view, lineCount)
        carry = (last, view.lineNumber(at: last.offset, lineCount: lineCount))
    }

    /// Ends the file: spells still waiting for the seconds after them are taken with what there is.
    public func finish() {
        for waiting in pending { spells.append(settled(waiting)) }
        pending = []
    }

    private func bisect(_ a: Point, _ b: Point, _ view: BlockView, _ lineCount: Int) {
        guard b.offset > a.offset else { return }
        if b.second - a.second <= 1 {
            leaf(a, b, single: false, view) { (0, 0) }
            return
        }
        guard let m = view.timed(between: a, b) else {
            leaf(a, b, single: true, view) { (view.lineNumber(at: a.offset, lineCount: lineCount), view.lineNumber(at: b.offset, lineCount: lineCount)) }
            return
        }
        bisect(a, m, view, lineCount)
        bisect(m, b, view, lineCount)
    }

    /// Two timed lines with nothing timed between them (`single`), or less than two seconds apart: their
    /// bytes count for `a`'s second, and a long enough silence between them may be a spell.
    private func leaf(_ a: Point, _ b: Point, single: Bool, _ view: BlockView, lineNumbers: () -> (Int, Int)) {
        attribute(b.offset - a.offset, to: a.second)
        guard single, b.time.seconds(since: a.time) >= Self.minimumSeconds, spells.count + pending.count < Self.cap,
              let firstSecond else { return }
        let covered = min(Self.steadyWindow, currentSecond - firstSecond + 1)
        guard covered >= Self.minimumHistory else { return }
        var active = 0, empty = 0, longestEmpty = 0
        var bytes: Int64 = 0
        for second in (currentSecond - covered + 1)...currentSecond {
            let n = bytesPerSecond[Self.slot(second)]
            if n > 0 { active += 1; empty = 0 } else { empty += 1; longestEmpty = max(longestEmpty, empty) }
            bytes += n
        }
        let seconds = b.time.seconds(since: a.time)
        // Steady: lines in most seconds, and no pause before it a third as long as this one (a pod that
        // pauses as a rule, or a retry loop's second silence, is not going quiet).
        guard Double(active) >= Self.steadyShare * Double(covered), Double(longestEmpty) * Self.pauseRatio <= seconds,
              bytes > 0, lines > 0 else { return }
        let meanLine = Double(textBytes) / Double(lines)
        let usualGap = Double(covered) * meanLine / Double(bytes)
        guard seconds >= Self.cadenceFactor * usualGap else { return }
        let (lastLine, resumedLine) = lineNumbers()
        let spell = QuietSpell(lastLine: lastLine, lastTime: a.time, resumedLine: resumedLine, resumedTime: b.time,
                               usualGapSeconds: usualGap, catchUp: 0)
        pending.append(Pending(spell: spell, rateBefore: Double(bytes) / Double(covered), resumedSecond: b.second))
    }

    /// Adds `bytes` to `second`'s count, moving the window on (a time that went backwards counts for the
    /// latest second).
    private func attribute(_ bytes: Int64, to second: Int64) {
        guard firstSecond != nil else {
            firstSecond = second
            currentSecond = second
            bytesPerSecond[Self.slot(second)] = bytes
            return
        }
        if second > currentSecond {
            settle(before: second)
            var s = currentSecond + 1
            let stop = min(second, currentSecond + 64)
            while s <= stop {
                bytesPerSecond[Self.slot(s)] = 0
                s += 1
            }
            currentSecond = second
        }
        bytesPerSecond[Self.slot(currentSecond)] += bytes
    }

    /// Settles the pending spells whose seconds after are all before `second`.
    private func settle(before second: Int64) {
        guard !pending.isEmpty else { return }
        var kept: [Pending] = []
        for waiting in pending {
            if waiting.resumedSecond + Self.catchUpSeconds <= second { spells.append(settled(waiting)) } else { kept.append(waiting) }
        }
        pending = kept
    }

    private func settled(_ waiting: Pending) -> QuietSpell {
        var bytes: Int64 = 0
        for second in waiting.resumedSecond..<(waiting.resumedSecond + Self.catchUpSeconds) where second <= currentSecond && second > currentSecond - 64 {
            bytes += bytesPerSecond[Self.slot(second)]
        }
        var spell = waiting.spell
        let rate = Double(bytes) / Double(Self.catchUpSeconds)
        spell.catchUp = waiting.rateBefore > 0 ? (rate / waiting.rateBefore * 100).rounded() / 100 : 0
        return spell
    }

    private static func slot(_ second: Int64) -> Int { Int(((second % 64) + 64) % 64) }

    /// One block's lines, for the lookups the bisection makes.
    private struct BlockView {
        let block: LineReader.Block
        let format: RecordFormat
        let parser: TimestampParser
        let buffer: UnescapeBuffer

        var base: UnsafePointer<UInt8> { block.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) }

        /// The time of the line starting at `start` (its envelope's, else its layout's own), if it has one.
        func time(ofLineAt start: Int) -> Timestamp? {
            let line = self.line(at: start).line
            let parts = format.envelope.parse(line, into: buffer)
            if let stamp = parts?.timestamp { return parser.parse(stamp)?.0 }
            let content = parts?.content ?? line
            guard let range = format.layout.header(of: content)?.timestamp else { return nil }
            return parser.parse(UnsafeRawBufferPointer(rebasing: content[range]))?.0
        }

        func line(at start: Int) -> (line: UnsafeRawBufferPointer, next: Int) {
            let bytes = block.bytes
            guard let hit = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else {
                return (LineReader.Block.trimmed(UnsafeRawBufferPointer(rebasing: bytes[start...])), bytes.count)
            }
            let newline = bytes.baseAddress!.distance(to: UnsafeRawPointer(hit))
            return (LineReader.Block.trimmed(UnsafeRawBufferPointer(rebasing: bytes[start..<newline])), newline + 1)
        }

        func point(_ start: Int, _ time: Timestamp) -> Point { Point(offset: block.offset + Int64(start), time: time) }

        /// The first timed line starting in `from..<before`.
        func firstTimed(from: Int, before: Int) -> Point? {
            var s = from
            while s < before {
                if let time = time(ofLineAt: s) { return point(s, time) }
                s = line(at: s).next
            }
            return nil
        }

        /// The last timed line starting after `floor` (a line start), or nil.
        func lastTimed(after floor: Int) -> Point? {
            var end = block.bytes.count
            while end > floor + 1 {
                let s = lineStart(containing: end - 2, floor: floor)
                if s <= floor { return nil }
                if let time = time(ofLineAt: s) { return point(s, time) }
                end = s
            }
            return nil
        }

        /// A timed line strictly between `a` and `b`, near the middle.
        func timed(between a: Point, _ b: Point) -> Point? {
            let low = Int(a.offset - block.offset), high = Int(b.offset - block.offset)
            var middle = lineStart(containing: (low + high) / 2, floor: low)
            if middle <= low { middle = line(at: low).next }
            if let found = firstTimed(from: middle, before: high) { return found }
            var end = middle
            while end > low + 1 {
                let s = lineStart(containing: end - 2, floor: low)
                if s <= low { return nil }
                if let time = time(ofLineAt: s) { return point(s, time) }
                end = s
            }
            return nil
        }

        /// The start of the line holding byte `at`, not before `floor` (a line start).
        func lineStart(containing at: Int, floor: Int) -> Int {
            guard at > floor, let newline = logtrace_memrchr(block.bytes.baseAddress! + floor, 0x0A, at - floor) else { return floor }
            return block.bytes.baseAddress!.distance(to: UnsafeRawPointer(newline)) + 1
        }

        /// The 1-based number of the line starting at file offset `offset`, counting newlines from the
        /// nearer end of the block (`lineCount` lines, each ended by a newline).
        func lineNumber(at offset: Int64, lineCount: Int) -> Int {
            let at = Int(offset - block.offset)
            if at <= block.bytes.count / 2 {
                return block.firstLine + logtrace_count_byte(base, at, 0x0A)
            }
            return block.firstLine + lineCount - logtrace_count_byte(base + at, block.bytes.count - at, 0x0A)
        }
    }
}
