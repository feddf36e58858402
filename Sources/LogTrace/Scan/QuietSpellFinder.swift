import CByteSearch
import Glibc

/// Finds one file's `QuietSpell`s in the scan's own pass, block by block, without reading every line's
/// timestamp: between two timed lines `resolution` seconds apart or more it reads the time of a line near
/// the middle, and so on down, so a block costs about two timestamps per `resolution` of log it covers.
/// Two timed lines with no timed line between them are a pause, known exactly; one of at least
/// `minimumSeconds` is a silence. It is a spell when the pod had been steady before (over at least
/// `minimumHistory` seconds; in the `steadyWindow` before, no pause a `pauseRatio`th as long) and the
/// silence lasts at least `cadenceFactor` times its usual gap (the window's bytes per second over the
/// file's mean line length).
public final class QuietSpellFinder {
    /// A silence is at least this long, and at least `cadenceFactor` times the pod's usual gap: ten gaps
    /// missed in a row is no jitter.
    public static let minimumSeconds = 5.0
    public static let cadenceFactor = 10.0
    /// The stretch before a silence that must be steady, and how much of the file must come before it.
    public static let steadyWindow = 30.0
    public static let minimumHistory = 15.0
    /// No pause in the steady stretch is longer than the silence over this.
    public static let pauseRatio = 3.0
    /// The bisection stops at timed lines this close; after a silence, at `fineResolution` for
    /// `catchUpSeconds`, whose rate tells a backlog (`QuietSpell.catchUp`).
    public static let resolution = 4.0
    public static let fineResolution = 0.5
    public static let catchUpSeconds = 2.0
    /// The most spells kept per file: a steady pod has a handful.
    public static let cap = 1000

    private struct Point {
        /// The line's start in the file's text, and its time.
        var offset: Int64
        var time: Timestamp
        /// The pause before it, when no timed line lies between it and the point before (else 0).
        var pause = 0.0
    }

    private struct Pending {
        var spell: QuietSpell
        var rateBefore: Double
        var resumed: Point
    }

    private let parser: TimestampParser
    private let buffer = UnescapeBuffer()
    /// The spells found so far, in file order; complete after `finish()`.
    public private(set) var spells: [QuietSpell] = []
    private var pending: [Pending] = []
    /// The last timed line of the blocks read so far, and its line number.
    private var carry: (point: Point, line: Int)?
    /// The points of the last `steadyWindow` seconds and the one before them, in time order.
    private var history: [Point] = []
    private var historyStart = 0
    private var firstTime: Timestamp?
    /// Until when the bisection goes down to `fineResolution`.
    private var fineUntil = Timestamp(nanoseconds: .min)
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
            leaf(carry.point, first, single: true) { [carry] in (carry.line, view.lineNumber(at: first.offset, lineCount: lineCount)) }
        } else {
            visit(first)
        }
        let last = view.lastTimed(after: Int(first.offset - block.offset)) ?? first
        bisect(first, last, view, lineCount)
        carry = (last, view.lineNumber(at: last.offset, lineCount: lineCount))
    }

    /// Ends the file: spells still waiting for the seconds after them are taken with what there is.
    public func finish() {
        let last = history.last
        for waiting in pending { spells.append(settled(waiting, at: last)) }
        pending = []
    }

    private func bisect(_ a: Point, _ b: Point, _ view: BlockView, _ lineCount: Int) {
        guard b.offset > a.offset else { return }
        let seconds = b.time.seconds(since: a.time)
        if seconds < (a.time < fineUntil ? Self.fineResolution : Self.resolution) {
            leaf(a, b, single: false) { (0, 0) }
            return
        }
        guard let m = view.timed(between: a, b) else {
            leaf(a, b, single: true) { (view.lineNumber(at: a.offset, lineCount: lineCount), view.lineNumber(at: b.offset, lineCount: lineCount)) }
            return
        }
        bisect(a, m, view, lineCount)
        bisect(m, b, view, lineCount)
    }

    /// Two timed lines in order, with nothing timed between them (`single`: a pause) or less than the
    /// resolution apart. A long enough pause after a steady stretch is a spell.
    private func leaf(_ a: Point, _ b: Point, single: Bool, lineNumbers: () -> (Int, Int)) {
        var b = b
        let seconds = b.time.seconds(since: a.time)
        if single {
            b.pause = max(0, seconds)
            if seconds >= Self.minimumSeconds { consider(a, b, seconds, lineNumbers) }
        }
        visit(b)
    }

    private func consider(_ a: Point, _ b: Point, _ seconds: Double, _ lineNumbers: () -> (Int, Int)) {
        guard spells.count + pending.count < Self.cap, let firstTime, a.time.seconds(since: firstTime) >= Self.minimumHistory,
              lines > 0 else { return }
        let from = a.time.adding(seconds: -Self.steadyWindow)
        var oldest = history.count - 1
        var longestPause = 0.0
        while oldest > historyStart && history[oldest - 1].time >= from {
            longestPause = max(longestPause, history[oldest].pause)
            oldest -= 1
        }
        let span = a.time.seconds(since: history[oldest].time)
        let bytes = a.offset - history[oldest].offset
        // Steady: no pause before it a third as long as this one (a pod that pauses as a rule, or a
        // retry loop's second silence, is not going quiet), and ten of its usual gaps missed at least.
        guard span > 0, bytes > 0, longestPause * Self.pauseRatio <= seconds else { return }
        let rate = Double(bytes) / span
        let usualGap = Double(textBytes) / Double(lines) / rate
        guard seconds >= Self.cadenceFactor * usualGap else { return }
        let (lastLine, resumedLine) = lineNumbers()
        let spell = QuietSpell(lastLine: lastLine, lastTime: a.time, resumedLine: resumedLine, resumedTime: b.time,
                               usualGapSeconds: usualGap, catchUp: 0)
        pending.append(Pending(spell: spell, rateBefore: rate, resumed: b))
        fineUntil = max(fineUntil, b.time.adding(seconds: Self.catchUpSeconds + Self.fineResolution))
    }

    /// Takes `point` into the history (dropping what is older than the window) and settles the spells
    /// whose seconds after it covers.
    private func visit(_ point: Point) {
        if firstTime == nil { firstTime = point.time }
        if !pending.isEmpty {
            var kept: [Pending] = []
            for waiting in pending {
                if point.time.seconds(since: waiting.resumed.time) >= Self.catchUpSeconds {
                    spells.append(settled(waiting, at: point))
                } else {
                    kept.append(waiting)
                }
            }
            pending = kept
        }
        history.append(point)
        let from = point.time.adding(seconds: -Self.steadyWindow)
        while historyStart + 1 < history.count && history[historyStart + 1].time < from { historyStart += 1 }
        if historyStart > 1024 && historyStart * 2 > history.count {
            history.removeFirst(historyStart)
            historyStart = 0
        }
    }

    /// A spell's catch-up: the rate from its first line after to `point`, against the rate before.
    private func settled(_ waiting: Pending, at point: Point?) -> QuietSpell {
        var spell = waiting.spell
        if let point, point.offset > waiting.resumed.offset {
            let span = max(point.time.seconds(since: waiting.resumed.time), Self.catchUpSeconds)
            let rate = Double(point.offset - waiting.resumed.offset) / span
            spell.catchUp = (rate / waiting.rateBefore * 100).rounded() / 100
        }
        return spell
    }

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
