import CByteSearch
import Glibc

/// Hands a `RecordReader` only the records that can hold an event, block by block: a record none of
/// whose lines holds a pattern literal cannot match when every pattern has a literal, so its lines are
/// only counted (by newline counting, for the line numbers after them), never split, parsed or copied.
///
/// What is read: the format sample; each record with a literal hit, whole (from its header, found by
/// walking back from the hit, to the next header); and the last record of each block, whose
/// continuation lines may hold a hit in the next block. A skipped header's timestamp is still noted
/// when a read record without one of its own would inherit it, so events come out exactly as when
/// every line is read; only the input summary's record counters cover just the records read. When
/// `followers` asks for them, the records after a failure line are read too (`follow`).
public final class RecordSkipper {
    private let records: RecordReader
    private let hits: LiteralHits
    private let skippingAllowed: Bool
    /// The file's format, once the reader has settled it and it allows skipping.
    private var format: RecordFormat?
    /// The reader's format when last looked at.
    private var seen: RecordFormat?
    /// Room for the text of lines whose role is asked.
    private let buffer = UnescapeBuffer()
    /// True once lines have been skipped.
    public private(set) var skipped = false
    /// How many records after the last one closed must be read (`UnexplainedRecords.followersLeft`).
    private let followers: (() -> Int)?
    /// True when the record last handed over, still open in the reader, held a pattern literal: it may
    /// be a failure line, which opens a window of followers once the next header closes it.
    private var openRecordHadLiteral = false

    /// One per file: `records` reads it, `hits` finds the literals. Skipping is allowed only when
    /// `skipping` is true and `everyPatternHasALiteral` (a pattern without one can match any record);
    /// otherwise every line is read, and the literal search still tells each record its literals.
    /// `followers`, when given, tells how many of the records after the last closed one must be read.
    public init(records: RecordReader, hits: LiteralHits, everyPatternHasALiteral: Bool, skipping: Bool = true,
                followers: (() -> Int)? = nil) {
        self.records = records
        self.hits = hits
        self.skippingAllowed = skipping && everyPatternHasALiteral
        self.followers = followers
    }

    /// Whether lines can be skipped: the format is known, its lines stand alone (no escaping or
    /// fragments that could hide a literal), and skipping is allowed.
    private var skipping: Bool {
        // The reader may detect the format again midway (concatenated inputs): follow it.
        if records.format != seen {
            seen = records.format
            format = skippingAllowed && seen?.linesStandAlone == true ? seen : nil
        }
        return format != nil
    }

    /// Reads the next block of the file; returns how many lines it held.
    public func consume(_ block: LineReader.Block) -> Int {
        hits.scan(block.bytes, at: block.offset)
        var start = 0
        var index = 0
        // Every line of the format sample, and of formats where skipping does not apply.
        while !skipping {
            guard start < block.bytes.count else { return index }
            start = feed(start, block, &index)
        }
        guard block.kind == .lines else {
            // A cut line or the unterminated last line: read, whatever it holds.
            if start < block.bytes.count { _ = feed(start, block, &index) }
            return index
        }
        return skim(block, from: start, index: index)
    }

    /// The skipping proper, over a block of whole lines from `start`, the start of line `index`.
    private func skim(_ block: LineReader.Block, from start: Int, index: Int) -> Int {
        let end = block.bytes.count
        var p = start
        var index = index
        // The last record handed over (in an earlier block, or the sample) may go on here.
        while p < end, !isHeader(p, block) { p = feed(p, block, &index) }
        var hit = 0
        while hit < hits.count {
            let at = Int(hits.offset(hit) - block.offset)
            let marker = hits.isMarker(hit)
            hit += 1
            guard at >= p else { continue }
            let lineStart = Self.lineStart(containing: at, floor: p, block)
            p = follow(from: p, before: lineStart, block, &index)
            if p > lineStart { continue }
            if marker {
                p = readHeaderOnly(hit: at, lineStart: lineStart, from: p, next: hit, block, &index)
                continue
            }
            openRecordHadLiteral = true
            noteFirstStamp(from: p, to: lineStart, block)
            let recordStart = headerBefore(lineStart, floor: p, block)
            skip(from: p, to: recordStart, block, &index)
            p = recordStart
            while p <= lineStart { p = feed(p, block, &index) }
            while p < end, !isHeader(p, block) { p = feed(p, block, &index) }
        }
        if p < end {
            let lastLine = Self.lineStart(containing: end - 1, floor: p, block)
            p = follow(from: p, before: lastLine, block, &index)
            if p > lastLine { return index }
            // Its continuation lines in the next block may hold a literal.
            openRecordHadLiteral = true
            noteFirstStamp(from: p, to: lastLine, block)
            let recordStart = headerBefore(lastLine, floor: p, block)
            skip(from: p, to: recordStart, block, &index)
            p = recordStart
            while p < end { p = feed(p, block, &index) }
        }
        return index
    }

    /// A marker's hit (a level word, `UnexplainedRecords`) needs only its record's header line, and only
    /// when it is in one: that line is read alone, after skipping to it, and its record stays open in the
    /// reader, so that a pattern literal further down its continuation lines still reads them on. When a
    /// pattern literal is in the same line, the whole record is read as for any hit. Returns where reading
    /// goes on.
    private func readHeaderOnly(hit at: Int, lineStart: Int, from p: Int, next: Int, _ block: LineReader.Block, _ index: inout Int) -> Int {
        let (text, lineEnd) = lineAt(lineStart, in: block)
        let lineRole = role(of: text)
        guard lineRole != .continuation else { return p }
        var later = next
        while later < hits.count && Int(hits.offset(later) - block.offset) < lineEnd {
            if !hits.isMarker(later) { return p }
            later += 1
        }
        noteFirstStamp(from: p, to: lineStart, block)
        // A stamped header is its record's start (what `headerBefore` would find again).
        let recordStart = lineRole == .header(stamped: true) ? lineStart : headerBefore(lineStart, floor: p, block)
        skip(from: p, to: recordStart, block, &index)
        openRecordHadLiteral = false
        var q = recordStart
        while q <= lineStart { q = feed(q, block, &index) }
        return q
    }

    /// Reads on from `start` (a line start before `line`, with no pattern literal in between) the whole
    /// records that follow a failure line closely (`UnexplainedRecords.followingRecords`), so that the
    /// level-less ones among them are seen as when every record is read. A record is read when the one
    /// open in the reader held a literal (it may be a failure line: reading this header closes it and
    /// tells), or when at least two followers are still wanted (the open record, which holds no literal
    /// and so is no failure, takes one). Returns where reading goes on, past `line` when the record
    /// holding it was read here.
    private func follow(from start: Int, before line: Int, _ block: LineReader.Block, _ index: inout Int) -> Int {
        guard let followers else { return start }
        let end = block.bytes.count
        var p = start
        while p <= line, openRecordHadLiteral || followers() >= 2 {
            // The open record's continuation lines, up to the next header, are skipped.
            var q = p
            while q <= line, !isHeader(q, block) { q = lineAt(q, in: block).next }
            guard q <= line else { return p }
            skip(from: p, to: q, block, &index)
            p = feed(q, block, &index)
            while p < end, !isHeader(p, block) { p = feed(p, block, &index) }
            openRecordHadLiteral = p > line
        }
        return p
    }

    /// The nearest line at or before `line` (not before `floor`) that starts a record; when that record
    /// has no timestamp, the timestamp it would inherit from a skipped header is noted as well.
    private func headerBefore(_ line: Int, floor: Int, _ block: LineReader.Block) -> Int {
        var s = line
        while true {
            switch role(of: lineAt(s, in: block).line) {
            case .header(stamped: true):
                return s
            case .header(stamped: false):
                if format!.recordsMayHaveTimestamps { noteStampBefore(s, floor: floor, block) }
                return s
            case .continuation:
                // Blank lines before it continue the record too: stepped over at once.
                let blank = Self.blankLinesStart(before: s, floor: floor, block)
                if blank <= floor { return floor }
                s = Self.lineStart(containing: blank - 1, floor: floor, block)
            }
        }
    }

    /// Finds the last stamped header in `floor..<line` and notes its timestamp.
    private func noteStampBefore(_ line: Int, floor: Int, _ block: LineReader.Block) {
        var s = line
        while s > floor {
            s = Self.blankLinesStart(before: s, floor: floor, block)
            if s <= floor { return }
            s = Self.lineStart(containing: s - 1, floor: floor, block)
            let text = lineAt(s, in: block).line
            if role(of: text) == .header(stamped: true) {
                records.skippedRecord(startingWith: text)
                return
            }
        }
    }

    /// Notes the first stamped header in `from...to` (line starts) as the file's first timestamp, when
    /// none was seen yet: it may be in lines about to be skipped.
    private func noteFirstStamp(from: Int, to: Int, _ block: LineReader.Block) {
        guard format!.recordsMayHaveTimestamps && records.firstTimestamp.isEmpty else { return }
        var s = from
        while s <= to {
            if block.bytes[s] == 0x0A || block.bytes[s] == 0x0D {
                // Blank lines hold no timestamp: stepped over at once.
                var lines = 0
                let run = logtrace_blank_lines(block.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + s, block.bytes.count - s, &lines)
                if run > 0 {
                    s += run
                    continue
                }
            }
            let (text, next) = lineAt(s, in: block)
            if role(of: text) == .header(stamped: true) {
                records.skippedRecord(startingWith: text)
                return
            }
            s = next
        }
    }

    /// Skips the lines in `from..<to`, counting them.
    private func skip(from: Int, to: Int, _ block: LineReader.Block, _ index: inout Int) {
        guard to > from else { return }
        skipped = true
        index += logtrace_count_byte(block.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + from, to - from, 0x0A)
    }

    /// Feeds the line at `start`, or the whole run of blank lines starting there at once; returns where
    /// the next line starts.
    @inline(__always)
    private func feed(_ start: Int, _ block: LineReader.Block, _ index: inout Int) -> Int {
        let bytes = block.bytes
        if block.kind == .lines && (bytes[start] == 0x0A || bytes[start] == 0x0D) {
            var lines = 0
            let run = logtrace_blank_lines(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, bytes.count - start, &lines)
            if lines > 0 {
                records.feedEmptyLines(lines, number: block.firstLine + index, literals: hits.mask(lineAt: block.offset + Int64(start), length: 0))
                index += lines
                return start + run
            }
        }
        let (line, next) = lineAt(start, in: block)
        records.feed(line, number: block.firstLine + index, literals: hits.mask(lineAt: block.offset + Int64(start), length: line.count))
        index += 1
        return next
    }

    @inline(__always)
    private func role(of line: UnsafeRawBufferPointer) -> RecordFormat.LineRole {
        format!.role(of: line, buffer: buffer)
    }

    @inline(__always)
    private func isHeader(_ start: Int, _ block: LineReader.Block) -> Bool {
        role(of: lineAt(start, in: block).line) != .continuation
    }

    /// The line starting at `start` (without `\r\n`) and where the next one starts.
    @inline(__always)
    private func lineAt(_ start: Int, in block: LineReader.Block) -> (line: UnsafeRawBufferPointer, next: Int) {
        let bytes = block.bytes
        guard block.kind == .lines, let hit = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else {
            return (LineReader.Block.trimmed(UnsafeRawBufferPointer(rebasing: bytes[start...])), bytes.count)
        }
        let newline = bytes.baseAddress!.distance(to: UnsafeRawPointer(hit))
        return (LineReader.Block.trimmed(UnsafeRawBufferPointer(rebasing: bytes[start..<newline])), newline + 1)
    }

    /// Where the blank lines just before line start `line` begin (`line` itself when there are none),
    /// not before `floor` (a line start).
    @inline(__always)
    private static func blankLinesStart(before line: Int, floor: Int, _ block: LineReader.Block) -> Int {
        // The common case, a line before it that is not blank, without a call.
        if line - floor >= 2 && block.bytes[line - 2] != 0x0A && block.bytes[line - 2] != 0x0D { return line }
        return logtrace_blank_lines_before(block.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), floor, line)
    }

    /// The start of the line holding byte `at`, not before `floor` (a line start).
    @inline(__always)
    private static func lineStart(containing at: Int, floor: Int, _ block: LineReader.Block) -> Int {
        guard at > floor, let newline = logtrace_memrchr(block.bytes.baseAddress! + floor, 0x0A, at - floor) else { return floor }
        return block.bytes.baseAddress!.distance(to: UnsafeRawPointer(newline)) + 1
    }
}
