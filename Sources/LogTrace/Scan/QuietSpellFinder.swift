import CByteSearch
import Glibc

/// Finds one file's `QuietSpell`s in the scan's own pass, block by block, without reading every line's
/// timestamp. Between two timed lines it reads the time of a line near the middle, and so on down, but
/// only where something it keeps may lie between them: the first timed line of a `gridNanoseconds` cell (and
/// with it every pause of at least `minimumSeconds`, two timed lines with none between them, which must
/// cross a cell's start), or the first line `catchUpSeconds` after a silence. What it keeps is exact, so a file gives the same spells however it
/// is cut into blocks; a steady log costs a few timestamps per cell.
///
/// A pause of at least `minimumSeconds` is a spell when the pod had been steady before (over at least
/// `minimumHistory` seconds; in the `steadyWindow` before, no pause a `pauseRatio`th as long) and it lasts
/// at least `cadenceFactor` times the pod's usual gap: the mean line length over the window's bytes per
/// second (taken when the file is done, so that it does not depend on where blocks end).
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
    /// The cells whose first lines measure the pod's rate: no longer than `minimumSeconds`.
    public static let gridNanoseconds: Int64 = 5_000_000_000
    /// The seconds after a silence whose rate tells a backlog (`QuietSpell.catchUp`).
    public static let catchUpSeconds = 2.0
    /// The most spells kept per file: a steady pod has a handful.
    public static let cap = 1000

    private struct Point {
        /// The line's start in the file's text, and its time.
        var offset: Int64
        var time: Timestamp
        /// The pause before it, when it ends one of at least `minimumSeconds` (else 0).
        var pause = 0.0
        /// Its cell, in integers: a line a few nanoseconds from a cell's start falls on the right side.
        var cell: Int64 {
            let (q, r) = time.nanoseconds.quotientAndRemainder(dividingBy: QuietSpellFinder.gridNanoseconds)
            return r < 0 ? q - 1 : q
        }
    }

    /// A silence that may be a spell: what the file's end decides, and the first line `catchUpSeconds`
    /// after it, once seen.
    private struct Candidate {
        var spell: QuietSpell
        var bytesBefore: Int64
        var secondsBefore: Double
        var resumed: Point
        var after: Point?
        var target: Timestamp { resumed.time.adding(seconds: QuietSpellFinder.catchUpSeconds) }
    }

    /// The file's timestamp reads, most of them within the minute of the one before.
    private let parser: TimestampMinuteCache
    private let buffer = UnescapeBuffer()
    /// The spells, in file order; complete after `finish()`.
    public private(set) var spells: [QuietSpell] = []
    private var candidates: [Candidate] = []
    /// Candidates still waiting for their first line `catchUpSeconds` after (indices into `candidates`).
    private var waiting: [Int] = []
    /// The last timed line of the blocks read so far, and its line number.
    private var carry: (point: Point, line: Int)?
    /// The exact points of the last `steadyWindow` seconds and the one before them, in time order.
    private var history: [Point] = []
    private var historyStart = 0
    private var firstTime: Timestamp?
    private var textBytes: Int64 = 0
    private var lines: Int64 = 0

    public init(parser: TimestampParser) {
        self.parser = TimestampMinuteCache(parser: parser)
    }

    /// Reads the times of `block` (of `lineCount` lines) in `format`; blocks come in file order.
    public func read(_ block: LineReader.Block, lineCount: Int, format: RecordFormat?) {
        textBytes += Int64(block.bytes.count)
        lines += Int64(lineCount)
        guard let format, block.kind == .lines, format.envelope != .stern, format.recordsMayHaveTimestamps,
              !block.bytes.isEmpty, candidates.count < Self.cap else { return }
        let view = BlockView(block: block, format: format, parser: parser, buffer: buffer)
        guard let first = view.firstTimed(from: 0, before: block.bytes.count) else { return }
        if let carry {
            step(carry.point, first) { [carry] in (carry.line, view.lineNumber(at: first.offset, lineCount: lineCount)) }
        } else {
            record(first)
        }
        let last = view.lastTimed(after: Int(first.offset - block.offset)) ?? first
        walk(from: first, to: last, view, lineCount)
        carry = (last, view.lineNumber(at: last.offset, lineCount: lineCount))
    }

    /// Ends the file: each candidate's usual gap is taken with the file's mean line length, and those
    /// still waiting for the seconds after them are measured to the file's last timed line.
    public func finish() {
        for index in waiting { candidates[index].after = carry?.point }
        waiting = []
        guard lines > 0, textBytes > 0 else { return }
        let meanLine = Double(textBytes) / Double(lines)
        for candidate in candidates {
            let rate = Double(candidate.bytesBefore) / candidate.secondsBefore
            var spell = candidate.spell
            spell.usualGapSeconds = meanLine / rate
            guard spell.seconds >= Self.cadenceFactor * spell.usualGapSeconds else { continue }
            if let after = candidate.after, after.offset > candidate.resumed.offset {
                let span = max(after.time.seconds(since: candidate.resumed.time), Self.catchUpSeconds)
                spell.catchUp = (Double(after.offset - candidate.resumed.offset) / span / rate * 100).rounded() / 100
            }
            spells.append(spell)
        }
        candidates = []
    }

    /// Goes from timed line `first` to `last` of one block, from mark to mark: each cell's start and
    /// each waiting silence's seconds after. At each, the two timed lines around it are found.
    private func walk(from first: Point, to last: Point, _ view: BlockView, _ lineCount: Int) {
        var a = first
        while a.offset < last.offset {
            var mark = Timestamp(nanoseconds: (a.cell + 1) * Self.gridNanoseconds)
            for index in waiting where candidates[index].target > a.time { mark = min(mark, candidates[index].target) }
            guard mark <= last.time, mark > a.time else { return }
            let (p, x) = view.pair(around: mark, after: a, upTo: last)
            step(p, x) { (view.lineNumber(at: p.offset, lineCount: lineCount), view.lineNumber(at: x.offset, lineCount: lineCount)) }
            guard x.offset > a.offset else { return }
            a = x
        }
    }

    /// Two timed lines in order with no timed line between them: `b` may start a cell, end a pause
    /// (and a pause after a steady stretch may be a spell), or be the first line after a silence's
    /// seconds.
    private func step(_ a: Point, _ b: Point, lineNumbers: () -> (Int, Int)) {
        var b = b
        let seconds = b.time.seconds(since: a.time)
        if !waiting.isEmpty {
            waiting.removeAll { index in
                guard a.time < candidates[index].target && candidates[index].target <= b.time else { return false }
                candidates[index].after = b
                return true
            }
        }
        if seconds >= Self.minimumSeconds {
            if history.last?.offset != a.offset { record(a) }
            consider(a, b, seconds, lineNumbers)
            b.pause = seconds
            record(b)
        } else if b.cell > a.cell {
            record(b)
        }
    }

    private func consider(_ a: Point, _ b: Point, _ seconds: Double, _ lineNumbers: () -> (Int, Int)) {
        guard candidates.count < Self.cap, let firstTime, a.time.seconds(since: firstTime) >= Self.minimumHistory else { return }
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
        // retry loop's second silence, is not going quiet).
        guard span > 0, bytes > 0, longestPause * Self.pauseRatio <= seconds else { return }
        let (lastLine, resumedLine) = lineNumbers()
        let spell = QuietSpell(lastLine: lastLine, lastTime: a.time, resumedLine: resumedLine, resumedTime: b.time,
                               usualGapSeconds: 0, catchUp: 0)
        candidates.append(Candidate(spell: spell, bytesBefore: bytes, secondsBefore: span, resumed: b))
        waiting.append(candidates.count - 1)
    }

    /// Takes `point` into the history, dropping what is older than the window.
    private func record(_ point: Point) {
        if firstTime == nil { firstTime = point.time }
        history.append(point)
        let from = point.time.adding(seconds: -Self.steadyWindow)
        while historyStart + 1 < history.count && history[historyStart + 1].time < from { historyStart += 1 }
        if historyStart > 1024 && historyStart * 2 > history.count {
            history.removeFirst(historyStart)
            historyStart = 0
        }
    }

    /// One block's lines, for the lookups the bisection makes.
    private struct BlockView {
        let block: LineReader.Block
        let format: RecordFormat
        let parser: TimestampMinuteCache
        let buffer: UnescapeBuffer

        var base: UnsafePointer<UInt8> { block.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) }

        /// The time of the line starting at `start` (its envelope's, else its layout's own), if it has one.
        func time(ofLineAt start: Int) -> Timestamp? {
            if format.envelope == .kubectl || format.envelope == .cri {
                // The runtime's timestamp is the line's first word: read from its first bytes alone. It is
                // the whole word when a space (or the block's end) follows it; RFC 3339 with a `T`, as the
                // envelopes write it, has no space inside.
                let bytes = block.bytes
                let count = min(bytes.count - start, 48)
                guard count > 10, bytes[start + 10] == 0x54,
                      let (time, length) = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)])),
                      length == count || bytes[start + length] == 0x20 else { return nil }
                return time
            }
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
            lastTimed(before: block.bytes.count, after: floor)
        }

        /// The last timed line starting after `floor` and ending before `end` (both line starts), or nil.
        func lastTimed(before end: Int, after floor: Int) -> Point? {
            var end = end
            while end > floor + 1 {
                let s = lineStart(containing: end - 2, floor: floor)
                if s <= floor { return nil }
                if let time = time(ofLineAt: s) { return point(s, time) }
                end = s
            }
            return nil
        }

        /// The two timed lines with none between them around `mark`: the last before it and the first at
        /// or after it, between `low` (before `mark`) and `high` (at or after it). The line to look at is
        /// guessed by the bytes' rate between them, and its neighbour read at once: in a steady log the
        /// pair is found in two or three timestamps.
        func pair(around mark: Timestamp, after low: Point, upTo high: Point) -> (Point, Point) {
            var low = low, high = high
            while true {
                guard let m = probe(low, high, mark) else { return (low, high) }
                if m.time >= mark {
                    high = m
                    guard let before = timed(before: m, after: low) else { return (low, m) }
                    if before.time < mark { return (before, m) }
                    high = before
                } else {
                    low = m
                    guard let next = timed(after: m, before: high) else { return (m, high) }
                    if next.time >= mark { return (m, next) }
                    low = next
                }
            }
        }

        /// A timed line strictly between `low` and `high`, near where `mark` falls if the lines between
        /// them came at an even rate.
        func probe(_ low: Point, _ high: Point, _ mark: Timestamp) -> Point? {
            let from = Int(low.offset - block.offset), to = Int(high.offset - block.offset)
            guard to - from > 1 else { return nil }
            let span = Double(high.time.nanoseconds - low.time.nanoseconds)
            let share = span > 0 ? min(1, max(0, Double(mark.nanoseconds - low.time.nanoseconds) / span)) : 0.5
            let guess = from + 1 + Int(Double(to - from - 2) * share)
            var start = lineStart(containing: guess, floor: from)
            if start <= from { start = line(at: from).next }
            return firstTimed(from: start, before: to) ?? lastTimed(before: start, after: from)
        }

        /// The timed line just before `point`, if one lies after `low`.
        func timed(before point: Point, after low: Point) -> Point? {
            lastTimed(before: Int(point.offset - block.offset), after: Int(low.offset - block.offset))
        }

        /// The timed line just after `point`, if one lies before `high`.
        func timed(after point: Point, before high: Point) -> Point? {
            firstTimed(from: line(at: Int(point.offset - block.offset)).next, before: Int(high.offset - block.offset))
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
