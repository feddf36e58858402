/// The one place the stages are wired together. A scan runs Input → Lines → Records → Prefilter →
/// Events in a `FileScanner` per worker and gathers the results (Scan); a report correlates them into
/// incidents and renders them (Incidents → Report); a batch job writes and merges partials (Shards).
/// The command line, the tests and the fuzz targets all run logtrace through here.
public struct Pipeline: Sendable {
    /// The release `logtrace --version` names, with the report and partial schemas beside it.
    public static let version = "0.6.0"

    public var options: PipelineOptions

    public init(options: PipelineOptions = PipelineOptions()) {
        self.options = options
    }

    /// `arguments` followed by the lines of `listFile` (`-`: standard input), if given; a list that
    /// cannot be read is an error naming it.
    public static func listed(_ arguments: [String], in listFile: String?) throws(InputError) -> [String] {
        guard let listFile else { return arguments }
        do {
            return try arguments + TextFile.lines(listFile)
        } catch {
            throw InputError(error.kind, "cannot read the list \(listFile): \(error.detail)")
        }
    }

    /// The files to read: `listed(arguments, in: listFile)`, folders expanded to the files below them,
    /// each file once, logtrace's own outputs left out (see `InputPaths.expandCountingDuplicates`).
    public static func inputs(_ arguments: [String], listedIn listFile: String? = nil) throws(InputError) -> [String] {
        try inputsCountingDuplicates(arguments, listedIn: listFile).files
    }

    /// `inputs`, and the paths left out, with why.
    public static func inputsCountingDuplicates(_ arguments: [String], listedIn listFile: String? = nil) throws(InputError) -> InputList {
        InputPaths.expandCountingDuplicates(try listed(arguments, in: listFile))
    }

    /// Reads `paths` on `options.jobs` workers; the result is in canonical order, whatever the workers.
    public func scan(_ paths: [String], patterns: PatternSet, progress: ScanProgress? = nil) -> ScanResult {
        IngestJob(paths: paths, jobs: options.jobs, options: options.scanner, patterns: patterns).run(progress: progress)
    }

    /// `scan` with its events' values replaced, when `options.redactor` is set (`--redact`), so that the
    /// report, the JSON and the event export built from it all carry the same tokens; else `scan`.
    public func redacted(_ scan: ScanResult) -> ScanResult {
        guard let redactor = options.redactor else { return scan }
        var redacted = scan
        redacted.events = redactor.redact(scan.events)
        redacted.copies = redactor.redact(scan.copies)
        return redacted
    }

    /// Correlates what a scan (or a merge of partials) found into incidents, and builds the report.
    /// With a `window`, only the events inside it are correlated; the files are summarized in full, and
    /// a service is silent only if its files held no event at all, inside the window or out.
    public func report(_ scan: ScanResult, patterns: Report.PatternsUsed, missingShards: [String]? = nil) -> Report {
        let windowed = options.window.map { $0.window.apply(to: scan) }
        let kept = windowed?.scan ?? scan
        let (incidents, isolated) = IncidentBuilder(gapSeconds: options.gapSeconds).build(events: kept.events, silentServices: scan.silentServices, files: kept.files)
        var report = ReportBuilder.build(scan: kept, incidents: incidents, isolated: isolated, patterns: patterns,
                                         scenario: options.scenario, missingShards: missingShards)
        if let window = options.window, let applied = windowed?.applied {
            report.summary.timeWindow = Report.TimeWindowApplied(sinceArgument: window.since, untilArgument: window.until, applied: applied)
        }
        return report
    }

    /// `report` for a scan made with `patterns`.
    public func report(_ scan: ScanResult, patterns: PatternSet) -> Report {
        report(scan, patterns: ReportBuilder.used(patterns))
    }

    /// Writes `report` in `format` into `write`, a piece at a time.
    public static func render(_ report: Report, as format: ReportFormat, into write: @escaping (String) -> Void) {
        format.render(report, into: write)
    }

    /// Every timed event as Timesketch JSON lines (`--events`).
    public static func exportEvents(_ scan: ScanResult) -> String {
        TimesketchExport.lines(scan.events)
    }

    /// `exportEvents`, written into `write` a piece at a time.
    public static func exportEvents(_ scan: ScanResult, into write: (String) -> Void) {
        TimesketchExport.write(scan.events, into: write)
    }

    /// The event export of this run: the events inside `options.window` (`--since`/`--until`), as the
    /// report correlates them.
    public func exportEvents(_ scan: ScanResult, into write: (String) -> Void) {
        Self.exportEvents(windowed(scan), into: write)
    }

    /// `exportEvents(_:into:)` as UTF-8 bytes, a piece of `TimesketchExport.pieceBytes` at a time; a
    /// failing `write` ends it.
    public func exportEventBytes(_ scan: ScanResult, into write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try TimesketchExport.writeBytes(windowed(scan).events, into: write)
    }

    private func windowed(_ scan: ScanResult) -> ScanResult {
        options.window.map { $0.window.apply(to: scan).scan } ?? scan
    }

    /// The scanner every worker of `scan` reads with, for a caller that reads one input itself (the fuzz
    /// targets, with small `blockBytes` and `maxRecordBytes` to reach the block and record edges).
    public func scanner(patterns: PatternSet, blockBytes: Int? = nil, maxRecordBytes: Int? = nil) -> FileScanner {
        var scannerOptions = options.scanner
        if let blockBytes { scannerOptions.blockBytes = blockBytes }
        if let maxRecordBytes { scannerOptions.maxRecordBytes = maxRecordBytes }
        return FileScanner(patterns: patterns, options: scannerOptions)
    }

    /// How the first `limit` records of `path` are read: by the same scanner as `scan`, with every
    /// record read (skipping only leaves out records that yield no event), stopping after `limit`.
    public func explain(_ path: String, patterns: PatternSet, limit: Int) -> FileExplanation {
        var everyRecord = self
        everyRecord.options.readAllRecords = true
        let scanner = everyRecord.scanner(patterns: patterns)
        let parser = options.scanner.timestampParser
        var records: [RecordExplanation] = []
        scanner.recordObserver = { record, event in
            if records.count < limit { records.append(RecordExplanation(record, event: event, parser: parser)) }
            return records.count < limit
        }
        let (summary, _) = scanner.scan(path: path)
        return FileExplanation(summary: summary, identity: PodIdentity.resolve(path: path, overrides: options.services), records: records)
    }

    /// How line `line` of `path` is read: the scan reads every record up to the one holding the line,
    /// explains it, and tries every entry of `patterns` on it (`PatternTrial`).
    public func explain(_ path: String, line: Int, patterns: PatternSet) -> LineExplanation {
        var everyRecord = self
        everyRecord.options.readAllRecords = true
        let scanner = everyRecord.scanner(patterns: patterns)
        let parser = options.scanner.timestampParser
        var found: (record: RecordExplanation, lines: [String], trial: PatternTrial)?
        scanner.recordObserver = { record, event in
            guard found == nil, record.firstLine + record.lineCount > line else { return found == nil }
            let lines = record.text.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(LineExplanation.linesShown).map {
                String(decoding: $0.prefix(LineExplanation.lineLimit), as: UTF8.self)
            }
            found = (RecordExplanation(record, event: event, parser: parser), lines,
                     PatternTrial(patterns, text: record.text, level: record.level))
            return false
        }
        let (summary, _) = scanner.scan(path: path)
        let file = FileExplanation(summary: summary, identity: PodIdentity.resolve(path: path, overrides: options.services),
                                   records: found.map { [$0.record] } ?? [])
        return LineExplanation(line: line, file: file, recordLines: found?.lines ?? [], trial: found?.trial,
                               linesInFile: found == nil ? summary.lines : nil)
    }

    /// Every record of `source` (named `path`) tried against every entry of `patterns`, for
    /// `logtrace patterns test`: counts over all records, and the first `limit` that matched or nearly
    /// matched with their trials.
    public func test(_ source: any ByteSource, compression: InputOpener.Compression = .none, path: String, patterns: PatternSet,
                     limit: Int) -> PatternTestResult {
        var everyRecord = self
        everyRecord.options.readAllRecords = true
        let scanner = everyRecord.scanner(patterns: patterns)
        let parser = options.scanner.timestampParser
        var tried: [PatternTestResult.Tried] = []
        var records = 0, matched = 0, nearMissesOnly = 0
        scanner.recordObserver = { record, event in
            let trial = PatternTrial(patterns, text: record.text, level: record.level)
            records += 1
            if trial.winner != nil { matched += 1 } else if !trial.nearMisses.isEmpty { nearMissesOnly += 1 } else { return true }
            if tried.count < limit { tried.append(.init(record: RecordExplanation(record, event: event, parser: parser), trial: trial)) }
            return true
        }
        let (summary, _) = scanner.scan(source, compression: compression, path: path)
        var result = PatternTestResult(file: FileExplanation(summary: summary, identity: PodIdentity.resolve(path: path, overrides: options.services), records: []),
                                       tried: tried)
        (result.records, result.matched, result.nearMissesOnly) = (records, matched, nearMissesOnly)
        return result
    }

    /// `test` on the file at `path` (plain or gzip, `-` for standard input); an input that cannot be
    /// opened is the error.
    public func test(path: String, patterns: PatternSet, limit: Int) throws(InputError) -> PatternTestResult {
        let opened = try InputOpener.open(path: path, backend: options.inflate)
        return test(opened.source, compression: opened.compression, path: path, patterns: patterns, limit: limit)
    }

    /// `test` on `line`, read as a one-line file would be (its envelope and layout detected).
    public func test(line: String, patterns: PatternSet) -> PatternTestResult {
        let bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        return bytes.withUnsafeBytes { test(MemoryByteSource($0), path: "-", patterns: patterns, limit: 1) }
    }

    /// The partial result of one shard of a batch job, for `logtrace merge`: `scan` read the shard's
    /// files, chosen by `shard` from `allPaths`.
    public static func partial(_ scan: ScanResult, shard: ShardPlan, allPaths: [String], readFiles: Int, patterns: PatternSet) -> PartialResult {
        PartialResult(shard: .init(index: shard.index, count: shard.count, fileListDigest: shard.digest(allPaths), files: readFiles),
                      patterns: PartialResult.Patterns(patterns), result: scan)
    }

    /// Reads the partials at `paths` and merges them into the scan one run over all files would have
    /// made. With `allowMissing`, absent shards are named (`I/N`) instead of being an error.
    public static func merge(_ paths: [String], allowMissing: Bool) throws
        -> (scan: ScanResult, patterns: Report.PatternsUsed, missingShards: [String]) {
        var loaded: [(path: String, partial: PartialResult)] = []
        for path in paths { loaded.append((path, try PartialResult.read(from: path))) }
        let (scan, patterns, missing) = try PartialResult.merge(loaded, allowMissing: allowMissing)
        let count = loaded.first?.partial.shard.count ?? 0
        return (scan, Report.PatternsUsed(files: patterns.files, entries: patterns.entries), missing.map { "\($0)/\(count)" })
    }
}
