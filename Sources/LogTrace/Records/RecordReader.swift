import Glibc

/// Turns a file's lines into records: detects the envelope and layout from the first lines, removes the
/// envelope, joins CRI `P` fragments, and attaches continuation lines to the record they continue.
/// Input that changes format midway (`cat a.log.gz b.log.gz | logtrace ingest -`) is detected again: a run
/// of lines that do not fit (no envelope, or a timestamp that starts no record) is held back, and when
/// another format reads most of them as records, it takes over from their first line.
///
/// Memory is bounded: a record keeps at most `maxRecordBytes` of text (the rest of its lines are counted
/// but dropped), and a joined CRI line at most `maxLineBytes`.
public final class RecordReader {
    /// Counters for the file's input summary.
    public struct Counters: Sendable, Equatable {
        public var records = 0
        public var recordsWithoutTimestamp = 0
        public var linesWithoutEnvelope = 0
        public var truncatedRecords = 0
        /// Records whose timestamp is earlier (to the second) than the record before them.
        public var timestampsBackwards = 0
        /// Records stamped with a date that does not exist (month 13, February 30): they took the previous
        /// record's time, and count among the records without a timestamp too.
        public var impossibleTimestamps = 0
        /// True when the first lines hold NUL bytes: the file is probably not text.
        public var looksBinary = false
        /// How often the format was detected again midway, and the line where it last changed.
        public var formatChanges = 0
        public var lastFormatChangeLine = 0
        /// Lines that did not fit the format, and no other format read better.
        public var unfittingLines = 0
    }

    /// The envelope and layout, once the first lines have settled them.
    public private(set) var format: RecordFormat?
    public var envelope: Envelope { format?.envelope ?? .none }
    public var layout: AppLayout { format?.layout ?? .plain }
    public private(set) var counters = Counters()
    /// Raw bytes of the first and last ordering timestamps seen, for the file's time range.
    public private(set) var firstTimestamp: [UInt8] = []
    public var lastTimestamp: [UInt8] { previousStamp.withBytes { $0.map { Array($0) } ?? [] } }

    private let maxRecordBytes: Int
    private let maxLineBytes: Int
    /// The first lines, held until the format is known.
    private var sample: [(line: [UInt8], number: Int, literals: LiteralMask?)] = []
    /// Consecutive lines that do not fit the format, held until they show whether another one begins.
    private var held: [(line: [UInt8], number: Int, literals: LiteralMask?)] = []
    /// How many misfits make a run worth detecting the format again over.
    public static let refitLines = 8

    // The record being assembled.
    private let text: UnsafeMutableRawBufferPointer
    private var textCount = 0
    private var open = false
    private var firstLine = 0
    private var lineCount = 0
    private var truncated = false
    private var envelopeStamp = StampBuffer()
    private var appStamp: Range<Int>?
    private var level: Range<Int>?
    private var previousStamp = StampBuffer()
    /// Which prefilter literals the record's lines hold; nil when unknown (a joined CRI line).
    private var literalMask: LiteralMask? = LiteralMask()
    /// The record's mask was found in escaped text (Docker's JSON), which hides escapable literals.
    private var maskFromEscapedText = false

    /// A line arriving in fragments (CRI `P`, Docker's `log` without `\n`), one per stream: the runtime
    /// splits each stream's long lines on its own, and the other stream's lines may come between.
    private struct Fragments {
        var bytes: [UInt8] = []
        var stamp = StampBuffer()
        var line = 0
    }
    private var fragments = [Fragments(), Fragments()]

    private let sink: (RecordView) -> Void
    /// Docker's unescaped text, reused line after line; `probe` for trying Docker's envelope on a line
    /// of another format without touching what `scratch` holds.
    private let scratch = UnescapeBuffer()
    private let probe = UnescapeBuffer()
    /// The pod named by the envelope (stern), for the record being assembled and for the next line.
    private var recordPod: [UInt8] = []
    private var linePod: [UInt8] = []
    /// The layout's header of the content `misfits` just read (its first byte and length), for the
    /// line's own processing to take rather than read again; nil when none is held.
    private var checkedHeader: (start: UnsafeRawPointer, count: Int, header: AppLayout.Header?)?

    public init(maxRecordBytes: Int = 64 * 1024, maxLineBytes: Int = 256 * 1024, sink: @escaping (RecordView) -> Void) {
        self.maxRecordBytes = maxRecordBytes
        self.maxLineBytes = maxLineBytes
        self.text = .allocate(byteCount: maxRecordBytes, alignment: 16)
        self.sink = sink
    }

    deinit {
        text.deallocate()
    }

    /// Feeds the next physical line, with the prefilter literals found in it (nil: not looked for).
    public func feed(_ line: UnsafeRawBufferPointer, number: Int, literals: LiteralMask? = nil) {
        if format == nil {
            sample.append((Array(line), number, literals))
            if sample.count >= FormatSniffer.sampleLines { settleFormat() }
            return
        }
        checkedHeader = nil
        let parts = envelope.parse(line, into: scratch)
        if misfits(line, parts) {
            held.append((Array(line), number, literals))
            if held.count >= Self.refitLines { refit() }
            return
        }
        if !held.isEmpty {
            checkedHeader = nil
            release()
            process(line, number: number, literals: literals)  // the release reused the scratch buffer
            return
        }
        process(line, parts: parts, number: number, literals: literals)
    }

    /// True when `line` (its envelope read as `parts`) does not fit the format: the envelope does not
    /// parse it, another runtime's envelope does (a CRI line also reads as a kubectl line with text
    /// `stdout F ...`), or its content starts with a timestamp yet is no record header in the layout.
    @inline(__always)
    private func misfits(_ line: UnsafeRawBufferPointer, _ parts: Envelope.Parts?) -> Bool {
        guard let head = line.first else { return false }
        if envelope != .docker, head == 0x7B, Envelope.docker.parse(line, into: probe) != nil { return true }
        guard let parts else { return true }
        let content = parts.content
        guard let first = content.first else { return false }
        if envelope == .kubectl, first == 0x73, Self.startsLikeCRI(content) { return true }
        guard first >= 0x30 && first <= 0x39 else { return false }
        let header = layout.header(of: content)
        checkedHeader = (content.baseAddress!, content.count, header)
        return header?.timestamp == nil && TimestampShape.measure(content) != nil
    }

    /// True when `content` begins as a CRI line's text after its timestamp: `stdout F ` / `stderr P `.
    @inline(__always)
    private static func startsLikeCRI(_ content: UnsafeRawBufferPointer) -> Bool {
        guard content.count >= 9, content[8] == 0x20, content[7] == 0x46 || content[7] == 0x50, content[6] == 0x20 else { return false }
        return memcmp(content.baseAddress!, "stdout", 6) == 0 || memcmp(content.baseAddress!, "stderr", 6) == 0
    }

    /// Detects the format over the held run: when another format reads most of it as stamped records,
    /// it takes over from the run's first line; else the run is read as it was.
    private func refit() {
        let lines = held.map(\.line)
        let (envelope, layout) = FormatSniffer.detect(lines)
        let candidate = RecordFormat(envelope: envelope, layout: layout)
        let stamped = lines.filter { line in
            line.withUnsafeBytes { candidate.role(of: $0, buffer: scratch) == .header(stamped: true) }
        }.count
        if candidate != format && stamped * 2 > lines.count {
            flushAllFragments()
            flush()
            // librdkafka's own lines came first (its stderr before the app's first line, as a failing
            // producer's log often starts): a strict layout of the same envelope reads them just as the
            // librdkafka layout did, so the file did not change format, it showed its app's layout late.
            let refined = format?.layout == .librdkafka && candidate.layout.isStrict && format?.envelope == candidate.envelope
            format = candidate
            if !refined {
                counters.formatChanges += 1
                counters.lastFormatChangeLine = held[0].number
            }
        } else {
            counters.unfittingLines += held.count
        }
        release()
    }

    /// Reads the held lines in the format as it now stands.
    private func release() {
        let lines = held
        held = []
        for entry in lines {
            entry.line.withUnsafeBytes { process($0, number: entry.number, literals: entry.literals) }
        }
    }

    /// Feeds `count` empty lines, the first numbered `number`, each with `literals`: what `feed` does
    /// with each of them, at the cost of one once they only continue the open record (a file of blank
    /// lines, the blank lines around a Spring Boot stack trace).
    public func feedEmptyLines(_ count: Int, number: Int, literals: LiteralMask? = nil) {
        let empty = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[0..<0])
        var fed = 0
        while fed < count {
            feed(empty, number: number + fed, literals: literals)
            fed += 1
            if fed < count, let withoutEnvelope = emptyLineContinuesOpenRecord(empty) {
                // The line fed showed what each of the others does: it continued the open record.
                let others = count - fed
                if withoutEnvelope { counters.linesWithoutEnvelope += others }
                lineCount += others
                let newlines = min(others, maxRecordBytes - textCount)
                if newlines > 0 {
                    (text.baseAddress! + textCount).initializeMemory(as: UInt8.self, repeating: 0x0A, count: newlines)
                    textCount += newlines
                }
                return
            }
        }
    }

    /// Whether an empty line now only continues the open record, as `process` would take it, and if so
    /// whether it counts as a line without an envelope; nil when it would do anything else.
    private func emptyLineContinuesOpenRecord(_ empty: UnsafeRawBufferPointer) -> Bool? {
        guard format != nil, open, fragments.allSatisfy({ $0.bytes.isEmpty }) else { return nil }
        guard let parts = envelope.parse(empty, into: scratch) else { return layout.header(of: empty) == nil ? true : nil }
        guard !parts.isPartial, parts.pod == nil, parts.content.isEmpty, layout.header(of: parts.content) == nil else { return nil }
        return false
    }

    /// Notes that the record starting with header `line` was skipped unread: its timestamp becomes the
    /// one later records without their own inherit (and the file's first, if none was seen yet), as if
    /// the record had been read.
    public func skippedRecord(startingWith line: UnsafeRawBufferPointer) {
        if !held.isEmpty { release() }
        flush()  // the skipped header ended the open record
        let parts = envelope.parse(line, into: scratch)
        let content = parts?.content ?? line
        if let stamp = parts?.timestamp {
            previousStamp.set(stamp)
        } else if let stamp = layout.header(of: content)?.timestamp {
            previousStamp.set(UnsafeRawBufferPointer(rebasing: content[stamp]))
        } else {
            return
        }
        if firstTimestamp.isEmpty { firstTimestamp = previousStamp.withBytes { $0.map { Array($0) } ?? [] } }
    }

    /// Ends the input: flushes the sample of a short file, a pending fragment and the open record.
    public func finish() {
        if format == nil { settleFormat() }
        if !held.isEmpty { release() }
        flushAllFragments()
        flush()
    }

    private func settleFormat() {
        let buffered = sample
        sample = []
        counters.looksBinary = buffered.contains { $0.line.contains(0) }
        let (envelope, layout) = FormatSniffer.detect(buffered.map(\.line))
        format = RecordFormat(envelope: envelope, layout: layout)
        for entry in buffered {
            entry.line.withUnsafeBytes { process($0, number: entry.number, literals: entry.literals) }
        }
    }

    @inline(__always)
    private func process(_ line: UnsafeRawBufferPointer, number: Int, literals: LiteralMask?) {
        process(line, parts: envelope.parse(line, into: scratch), number: number, literals: literals)
    }

    /// `process` for a line whose envelope was already read as `parts` (nil: it has none).
    @inline(__always)
    private func process(_ line: UnsafeRawBufferPointer, parts: Envelope.Parts?, number: Int, literals: LiteralMask?) {
        guard let parts else {
            counters.linesWithoutEnvelope += 1
            flushAllFragments()
            logicalLine(line, stamp: nil, number: number, literals: literals, escaped: false)
            return
        }
        if let pod = parts.pod {
            linePod.removeAll(keepingCapacity: true)
            linePod.append(contentsOf: pod)
        }
        // In escaped text (Docker's JSON), the literals found in the physical line stand for the
        // content except those with a byte the envelope escapes: the matcher looks for those itself.
        process(content: parts.content, parts: parts, stamp: parts.timestamp, number: number, literals: literals,
                escaped: envelope.escapesText)
    }

    @inline(__always)
    private func process(content: UnsafeRawBufferPointer, parts: Envelope.Parts, stamp: UnsafeRawBufferPointer?, number: Int,
                         literals: LiteralMask?, escaped: Bool) {
        let stream = Int(parts.stream.rawValue)
        if parts.isPartial {
            if fragments[stream].bytes.isEmpty {
                fragments[stream].line = number
                fragments[stream].stamp.set(stamp)
            }
            let room = maxLineBytes - fragments[stream].bytes.count
            if room > 0 { fragments[stream].bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: content[0..<min(room, content.count)])) }
            return
        }
        if !fragments[stream].bytes.isEmpty {
            flushFragments(stream, closing: content)
            return
        }
        logicalLine(content, stamp: stamp, number: number, literals: literals, escaped: escaped)
    }

    /// Ends stream `stream`'s fragmented line with `closing` (its last fragment), or as it stands.
    private func flushFragments(_ stream: Int, closing: UnsafeRawBufferPointer?) {
        if let closing {
            let room = maxLineBytes - fragments[stream].bytes.count
            if room > 0 { fragments[stream].bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: closing[0..<min(room, closing.count)])) }
        }
        let pending = fragments[stream]
        fragments[stream].bytes.removeAll(keepingCapacity: true)
        pending.bytes.withUnsafeBytes { bytes in
            // A literal may span two fragments: the joined line's literals are not known.
            pending.stamp.withBytes { logicalLine(bytes, stamp: $0, number: pending.line, literals: nil, escaped: false) }
        }
    }

    /// Ends every stream's fragmented line, in the order they began.
    private func flushAllFragments() {
        for stream in fragments.indices.sorted(by: { fragments[$0].line < fragments[$1].line }) where !fragments[stream].bytes.isEmpty {
            flushFragments(stream, closing: nil)
        }
    }

    @inline(__always)
    private func logicalLine(_ content: UnsafeRawBufferPointer, stamp: UnsafeRawBufferPointer?, number: Int, literals: LiteralMask?,
                             escaped: Bool) {
        let header: AppLayout.Header?
        if let checked = checkedHeader, checked.start == content.baseAddress, checked.count == content.count {
            header = checked.header
        } else {
            header = layout.header(of: content)
        }
        checkedHeader = nil
        if let header {
            flush()
            literalMask = literals
            maskFromEscapedText = escaped
            recordPod = linePod
            open = true
            firstLine = number
            lineCount = 1
            truncated = false
            envelopeStamp.set(stamp)
            textCount = 0
            append(content)
            appStamp = header.timestamp.flatMap { $0.upperBound <= textCount ? $0 : nil }
            level = header.level.flatMap { $0.upperBound <= textCount ? $0 : nil }
        } else if open {
            literalMask = literalMask.flatMap { mask in literals.map { mask | $0 } }
            maskFromEscapedText = maskFromEscapedText || escaped
            lineCount += 1
            if textCount < maxRecordBytes {
                text[textCount] = 0x0A
                textCount += 1
            }
            append(content)
        } else {
            // A continuation with nothing to continue (the file starts mid-trace): a record of its own.
            literalMask = literals
            maskFromEscapedText = escaped
            recordPod = linePod
            open = true
            firstLine = number
            lineCount = 1
            truncated = false
            envelopeStamp.set(stamp)
            textCount = 0
            appStamp = nil
            level = nil
            append(content)
        }
    }

    @inline(__always)
    private func append(_ bytes: UnsafeRawBufferPointer) {
        let room = maxRecordBytes - textCount
        let n = min(room, bytes.count)
        if n < bytes.count { truncated = true }
        if n > 0 {
            (text.baseAddress! + textCount).copyMemory(from: bytes.baseAddress!, byteCount: n)
            textCount += n
        }
    }

    private func flush() {
        guard open else { return }
        open = false
        counters.records += 1
        if truncated { counters.truncatedRecords += 1 }
        let body = UnsafeRawBufferPointer(rebasing: text[0..<textCount])
        let app = appStamp.map { UnsafeRawBufferPointer(rebasing: body[$0]) }
        let levelBytes = level.map { UnsafeRawBufferPointer(rebasing: body[$0]) }
        envelopeStamp.withBytes { stampBytes in
            var envelopeBytes = stampBytes, app = app
            var impossible = false
            if let stamp = envelopeBytes, TimestampShape.isImpossible(stamp) { envelopeBytes = nil; impossible = true }
            if let stamp = app, TimestampShape.isImpossible(stamp) { app = nil; impossible = true }
            if impossible { counters.impossibleTimestamps += 1 }
            let own = envelopeBytes ?? app
            if let own {
                if previousStamp.count >= 19 && own.count >= 19 && previousStamp.withBytes({ memcmp($0!.baseAddress!, own.baseAddress!, 19) > 0 }) {
                    counters.timestampsBackwards += 1
                }
                previousStamp.set(own)
                if firstTimestamp.isEmpty { firstTimestamp = Array(own) }
            } else {
                counters.recordsWithoutTimestamp += 1
            }
            previousStamp.withBytes { inherited in
                recordPod.withUnsafeBytes { pod in
                    let view = RecordView(text: body, firstLine: firstLine, lineCount: lineCount,
                                          envelopeTimestamp: envelopeBytes, appTimestamp: app,
                                          inheritedTimestamp: own == nil ? inherited : nil,
                                          level: levelBytes, truncated: truncated, literalMask: literalMask,
                                          literalMaskFromEscapedText: maskFromEscapedText,
                                          pod: pod.isEmpty ? nil : pod)
                    sink(view)
                }
            }
        }
    }
}

/// A small inline copy of a timestamp's bytes (at most 40), so no array is allocated per line.
struct StampBuffer {
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    private(set) var count = 0

    mutating func set(_ bytes: UnsafeRawBufferPointer?) {
        guard let bytes, !bytes.isEmpty else {
            count = 0
            return
        }
        let n = min(bytes.count, 40)
        withUnsafeMutableBytes(of: &storage) { $0.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: n) }
        count = n
    }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard count > 0 else { return body(nil) }
        var copy = storage
        return withUnsafeBytes(of: &copy) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
}
