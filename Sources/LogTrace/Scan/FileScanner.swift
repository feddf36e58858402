/// Reads one input end to end, stage by stage: bytes (plain or gzip) → lines → records → events.
/// One per worker; its line buffer, literal search and PCRE2 match data are reused from file to file.
public final class FileScanner {
    public struct Options: Sendable {
        public var inflate: InflateBackend = .isal
        public var maxLineBytes = 256 * 1024
        public var maxRecordBytes = 64 * 1024
        /// The line buffer's size besides room for one longest line: the block size of the literal search.
        public var blockBytes = 1 << 20
        public var timestampParser = TimestampParser()
        public var serviceOverrides: [ServiceOverride] = []
        /// Decompress gzip on a thread of its own, ahead of matching (when cores outnumber files).
        public var prefetch = false
        /// Read only the records that can hold an event (`RecordSkipper`); false reads every record, for
        /// exact record counters in the input summary.
        public var skipRecordsWithoutLiterals = true
        /// Keep each event's excerpt (the text its pattern matched): the event export and partials print
        /// it; a report does not, and distinct excerpts cost their bytes.
        public var keepExcerpts = true
        /// Look for the signals no pattern names (`QuietSpellFinder`).
        public var signals = true
        /// Gather the WARN/ERROR records no pattern matched as templates (`UnexplainedRecords`).
        public var collectUnexplainedLines = true
        public init() {}
    }

    private let options: Options
    private let matcher: EventMatcher
    private let literalHits: LiteralHits?
    private let lines: LineReader
    /// Called with the number of stored bytes read since the last call, for progress; may be nil.
    public var progress: ((Int64) -> Void)?
    /// Called with every record read and the event it yielded, if any; returning false ends the file
    /// there (`--explain`). Nil for an ordinary scan.
    public var recordObserver: ((RecordView, Event?) -> Bool)?

    public init(patterns: PatternSet, options: Options) {
        self.options = options
        self.matcher = EventMatcher(patterns: patterns, timestampParser: options.timestampParser, keepExcerpts: options.keepExcerpts)
        let markers = options.collectUnexplainedLines && options.skipRecordsWithoutLiterals ? UnexplainedRecords.markers : []
        self.literalHits = LiteralHits(literals: patterns.literals, markers: markers)
        self.lines = LineReader(bufferSize: options.blockBytes + options.maxLineBytes, maxLineBytes: options.maxLineBytes)
    }

    /// Reads `path` and returns its summary and events. Never throws: a read error is recorded in the
    /// summary, and the events found before it are kept.
    public func scan(path: String) -> (FileSummary, [Event]) {
        var opened: (source: any ByteSource, compression: InputOpener.Compression)
        do {
            opened = try InputOpener.open(path: path, backend: options.inflate)
            if options.prefetch && opened.compression == .gzip {
                opened.source = PrefetchingSource(opened.source)
            }
        } catch {
            let identity = PodIdentity.resolve(path: path, overrides: options.serviceOverrides)
            var summary = FileSummary(path: path, service: identity.service, pod: identity.pod)
            summary.restartCount = identity.restartCount
            summary.error = error
            return (summary, [])
        }
        return scan(opened.source, compression: opened.compression, path: path)
    }

    /// Reads an opened input, named `path` in its summary and evidence (the fuzz targets read memory).
    public func scan(_ source: any ByteSource, compression: InputOpener.Compression, path: String) -> (FileSummary, [Event]) {
        let identity = PodIdentity.resolve(path: path, overrides: options.serviceOverrides)
        var summary = FileSummary(path: path, service: identity.service, pod: identity.pod)
        summary.restartCount = identity.restartCount
        var events: [Event] = []
        let limitsBefore = matcher.counters.limitExceeded
        let opened = (source: source, compression: compression)
        summary.compression = compression
        let lines = self.lines
        let matcher = self.matcher
        let observer = recordObserver
        let origin = EventOrigin(service: identity.service, pod: identity.pod, file: path)
        var podOrigins: [String: EventOrigin] = [:]
        let overrides = options.serviceOverrides
        let unexplained = options.collectUnexplainedLines ? UnexplainedRecords(parser: options.timestampParser, overrides: overrides) : nil
        let records = RecordReader(maxRecordBytes: options.maxRecordBytes, maxLineBytes: options.maxLineBytes) { record in
            var event = matcher.match(record, origin: origin)
            if let found = event, let pod = record.pod {
                // stern: one file, many pods; the line names its own.
                let name = String(decoding: pod, as: UTF8.self)
                let podOrigin = podOrigins[name] ?? {
                    let made = EventOrigin(service: PodIdentity.resolve(path: name, overrides: overrides).service, pod: name, file: path)
                    podOrigins[name] = made
                    return made
                }()
                event = matcher.attributed(found, to: podOrigin)
            }
            if let event {
                events.append(event)
                unexplained?.noteMatched(event.kind)
            } else {
                unexplained?.note(record)
            }
            if let observer, !observer(record, event) { lines.stop() }
        }
        let progress = self.progress
        var lastReported: Int64 = 0
        let skipper = literalHits.map {
            RecordSkipper(records: records, hits: $0, everyPatternHasALiteral: matcher.patterns.everyPatternHasALiteral,
                          skipping: options.skipRecordsWithoutLiterals, followers: unexplained.map { u in { u.followersLeft } })
        }
        let quiet = options.signals ? QuietSpellFinder(parser: options.timestampParser) : nil
        do {
            try lines.forEachBlock(of: opened.source) { block in
                let lines = skipper?.consume(block)
                    ?? block.forEachLine { line, index, _ in records.feed(line, number: block.firstLine + index) }
                quiet?.read(block, lineCount: lines, format: records.format)
                if let progress {
                    let now = opened.source.rawBytesRead
                    progress(now - lastReported)
                    lastReported = now
                }
                return lines
            }
        } catch {
            summary.error = error
        }
        records.finish()
        quiet?.finish()
        summary.quietSpells = quiet.flatMap { $0.spells.isEmpty ? nil : $0.spells }
        summary.skimmed = skipper?.skipped ?? false
        progress?(opened.source.rawBytesRead - lastReported)

        summary.envelope = records.envelope
        summary.layout = records.layout
        summary.storedBytes = opened.source.rawBytesRead
        summary.textBytes = lines.counters.bytes
        summary.lines = lines.counters.lines
        summary.overlongLines = lines.counters.overlongLines
        summary.records = records.counters.records
        summary.recordsWithoutTimestamp = records.counters.recordsWithoutTimestamp
        summary.linesWithoutEnvelope = records.counters.linesWithoutEnvelope
        summary.truncatedRecords = records.counters.truncatedRecords
        summary.timestampsBackwards = records.counters.timestampsBackwards
        if records.counters.looksBinary { summary.warnings.append("NUL bytes in the first lines: this may not be a text log") }
        if lines.counters.carriageReturnLineEnds {
            summary.warnings.append("its line ends are lone carriage returns (classic Mac): each was read as a line end")
        }
        if records.counters.formatChanges > 0 {
            summary.warnings.append("its format changed midway \(records.counters.formatChanges) time(s), last at line \(records.counters.lastFormatChangeLine) (to \(records.envelope.rawValue) / \(records.layout.rawValue)): read as inputs joined end to end")
        }
        if records.counters.unfittingLines * 2 > records.counters.records && records.counters.unfittingLines >= RecordReader.refitLines {
            summary.warnings.append("\(records.counters.unfittingLines) lines start with a timestamp the detected layout (\(records.layout.rawValue)) does not read: their records may be joined to the ones before")
        }
        if records.counters.impossibleTimestamps > 0 {
            summary.warnings.append("\(records.counters.impossibleTimestamps) record(s) dated a day or time that does not exist (month 13, February 30): each took the previous record's time")
        }
        summary.events = events.count
        summary.warnings = opened.source.warnings + summary.warnings
        summary.firstTime = records.firstTimestamp.withUnsafeBytes { options.timestampParser.parse($0)?.0 }
        summary.lastTime = records.lastTimestamp.withUnsafeBytes { options.timestampParser.parse($0)?.0 }
        for (id, count) in matcher.counters.limitExceeded {
            let delta = count - (limitsBefore[id] ?? 0)
            if delta > 0 { summary.matchLimitHits[id] = delta }
        }
        if let found = unexplained?.collected, !found.isEmpty { summary.unexplained = found }
        return (summary, events)
    }
}
