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

    /// Correlates what a scan (or a merge of partials) found into incidents, and builds the report.
    public func report(_ scan: ScanResult, patterns: Report.PatternsUsed, missingShards: [String]? = nil) -> Report {
        let (incidents, isolated) = IncidentBuilder(gapSeconds: options.gapSeconds).build(events: scan.events, silentServices: scan.silentServices)
        return ReportBuilder.build(scan: scan, incidents: incidents, isolated: isolated, patterns: patterns,
                                   scenario: options.scenario, missingShards: missingShards)
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
