import ArgumentParser
import Glibc
import LogTrace

/// The `logtrace` command line. The work is done by the LogTrace library; this file only parses
/// arguments, wires the stages together and maps outcomes to exit statuses.
struct Logtrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtrace",
        abstract: "Turn archived Kubernetes pod logs into a Kafka outage timeline.",
        subcommands: [Ingest.self, Merge.self])
}

enum ExitStatus {
    static let complete: Int32 = 0
    static let partial: Int32 = 1
    static let usage: Int32 = 2
}

/// Options that shape the report, shared by `ingest` and `merge`.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: markdown or json.")
    var format: OutputFormat = .markdown

    @Option(name: [.short, .customLong("output")], help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(help: "Seconds between failures that split two incidents.")
    var gap: Double = 300

    @Option(help: "A game-day plan (YAML): expected milestones and steady-state checks to hold the incidents against.")
    var scenario: String?

    @Option(help: "Also write every matched event to FILE as JSON lines that Timesketch imports.")
    var events: String?

    func validate() throws {
        if gap <= 0 { throw ValidationError("--gap must be positive") }
    }

    func loadScenario() throws -> ScenarioPlan? {
        guard let scenario else { return nil }
        do {
            return try ScenarioPlan.parse(yaml: PatternLoader.readText(scenario), file: scenario)
        } catch {
            Diagnostics.error("scenario error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Opens the outputs before any input is read, so a bad `-o` fails fast.
    func openSinks() throws -> (report: OutputSink, events: OutputSink?) {
        do {
            return (try OutputSink(path: output), try events.map { try OutputSink(path: $0) })
        } catch {
            Diagnostics.error("\(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Correlates, renders and writes the report (and the event export).
    func write(_ scan: ScanResult, patterns: Report.PatternsUsed, scenario: ScenarioPlan?, missingShards: [String]?,
               sinks: (report: OutputSink, events: OutputSink?)) {
        let (incidents, isolated) = IncidentBuilder(gapSeconds: gap).build(events: scan.events)
        let report = ReportBuilder.build(scan: scan, incidents: incidents, isolated: isolated, patterns: patterns,
                                         scenario: scenario, missingShards: missingShards)
        if let eventSink = sinks.events {
            eventSink.write(TimesketchExport.lines(scan.events))
            eventSink.close()
        }
        if format == .json {
            sinks.report.write(JSONReport.render(report))
        } else {
            MarkdownReport.render(report) { sinks.report.write($0) }
        }
        sinks.report.close()
    }
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read log files (plain or gzip) and write the incident report.",
        discussion: "Exit status: 0 when every input was read in full, 1 when some were only partly read (the report says which), 2 for usage or pattern errors.")

    @Argument(help: "Log files, plain or gzip-compressed, or folders to read recursively; '-' reads standard input.")
    var files: [String] = []

    @Option(help: "Read the list of inputs from FILE, one path a line ('-' for standard input).")
    var filesFrom: String?

    @Option(name: .customLong("patterns"), help: "A folder of extra pattern files; entries override defaults with the same id. Repeatable.")
    var patternDirectories: [String] = []

    @Flag(help: "Use only the --patterns folders, not the default patterns/.")
    var noDefaultPatterns = false

    @OptionGroup var report: ReportOptions

    @Option(name: .customLong("service"), help: "NAME=GLOB: files whose path matches GLOB belong to service NAME. Repeatable.")
    var services: [String] = []

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Inflate backend for gzip input: isal or zlib.")
    var inflate: InflateBackend = .isal

    @Option(help: "UTC offset for timestamps that carry no zone, like +09:00 (default: UTC).")
    var tz: String = "+00:00"

    @Option(help: "Longest line kept, in bytes; longer lines are cut and counted.")
    var maxLineBytes: Int = 256 * 1024

    @Flag(help: "Read every record, not only those holding a pattern's literal: slower, but the input summary's record counters (records, without a timestamp, out of order) then cover every record.")
    var readAllRecords = false

    @Option(help: "Read only shard I of N of the files: 'I/N', or 'auto' for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, and --shards or JOB_COMPLETIONS).")
    var shard: String?

    @Option(help: "The number of shards, with --shard auto (default: JOB_COMPLETIONS).")
    var shards: Int?

    @Option(help: "Files are assigned to shards by their path relative to this folder.")
    var root: String?

    @Option(help: "Write this shard's partial result (events, file summaries) to FILE for 'logtrace merge' instead of a report; gzip-compressed if FILE ends in .gz.")
    var partial: String?

    @Flag(help: "No progress display on stderr.")
    var quiet = false

    @Option(help: "Instead of a report, show how the first records of FILE are read: envelope, layout, timestamps, level, and which pattern matched.")
    var explain: String?

    @Option(help: "How many records --explain shows.")
    var explainRecords: Int = 40

    func validate() throws {
        if explain != nil { return }
        if files.isEmpty && filesFrom == nil { throw ValidationError("give at least one log file, or '-' for standard input") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxLineBytes < 1024 { throw ValidationError("--max-line-bytes must be at least 1024") }
        if TimeZoneOffset.parse(tz) == nil { throw ValidationError("--tz takes an offset like +09:00 or -0500") }
        for service in services where ServiceOverride(argument: service) == nil {
            throw ValidationError("--service takes NAME=GLOB, got '\(service)'")
        }
        if partial != nil && shard == nil { throw ValidationError("--partial goes with --shard (use --shard 0/1 for a single shard)") }
    }

    func run() throws {
        let patterns: PatternSet
        do {
            patterns = try PatternLoader.load(extraDirectories: patternDirectories, includeDefaults: !noDefaultPatterns)
        } catch {
            Diagnostics.error("pattern error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        if let explain {
            var options = FileScanner.Options()
            options.inflate = inflate
            options.maxLineBytes = maxLineBytes
            options.timestampParser = TimestampParser(defaultOffsetSeconds: TimeZoneOffset.parse(tz) ?? 0)
            let result = RecordExplanation.explain(path: explain, patterns: patterns, options: options, limit: explainRecords)
            let sink = try report.openSinks().report
            sink.write(ExplainText.render(path: explain, result))
            sink.close()
            if result.error != nil { throw ExitCode(ExitStatus.partial) }
            return
        }
        let plan = try report.loadScenario()
        let sinks = partial == nil ? try report.openSinks() : nil

        let inputs = try InputList.paths(files, plus: filesFrom)
        var paths = InputPaths.expand(inputs)
        if paths.isEmpty {
            Diagnostics.error("no files to read in \(inputs.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        var shardPlan: ShardPlan?
        if let shard {
            guard let parsed = ShardPlan.parse(shard, count: shards, root: root, environment: ProcessEnvironment.all) else {
                Diagnostics.error("--shard takes I/N with 0 <= I < N, or 'auto' with JOB_COMPLETION_INDEX set and --shards or JOB_COMPLETIONS")
                throw ExitCode(ExitStatus.usage)
            }
            shardPlan = parsed
        }
        let allPaths = paths
        if let shardPlan { paths = shardPlan.select(paths) }

        var options = FileScanner.Options()
        options.inflate = inflate
        options.maxLineBytes = maxLineBytes
        options.timestampParser = TimestampParser(defaultOffsetSeconds: TimeZoneOffset.parse(tz) ?? 0)
        options.serviceOverrides = services.compactMap(ServiceOverride.init(argument:))
        options.skipRecordsWithoutLiterals = !readAllRecords
        let job = IngestJob(paths: paths, jobs: jobs ?? ProcessInfoCores.count, options: options, patterns: patterns)

        var meter: ProgressMeter?
        if !quiet && isatty(2) == 1 {
            meter = ProgressMeter(totalBytes: paths.reduce(0) { $0 + FileSize.of($1) }, totalFiles: paths.count)
            meter?.start()
        }
        let scan = job.run(progress: meter)
        meter?.stop()
        Diagnostics.reportProblems(scan)

        if let partial, let shardPlan {
            let result = PartialResult(
                shard: .init(index: shardPlan.index, count: shardPlan.count, fileListDigest: shardPlan.digest(allPaths), files: paths.count),
                patterns: PartialResult.Patterns(patterns), result: scan)
            do {
                try result.write(to: partial)
            } catch {
                Diagnostics.error("cannot write the partial result to \(partial): \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        } else if let sinks {
            report.write(scan, patterns: ReportBuilder.used(patterns), scenario: plan, missingShards: nil, sinks: sinks)
        }
        if scan.files.contains(where: \.isPartial) { throw ExitCode(ExitStatus.partial) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the partial results of a sharded run into the report one 'ingest' over all files would write.",
        discussion: "Exit status: 0 when every input of every shard was read in full, 1 when some were only partly read or shards are missing (with --allow-missing), 2 for usage errors and partials that do not belong together.")

    @Argument(help: "Partial results written by 'ingest --shard ... --partial FILE'.")
    var partials: [String] = []

    @Option(help: "Read the list of partials from FILE, one path a line ('-' for standard input).")
    var partialsFrom: String?

    @Flag(help: "Write the report even if some shards' partials are missing, naming the gap.")
    var allowMissing = false

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if partials.isEmpty && partialsFrom == nil { throw ValidationError("give the partial results to merge") }
    }

    func run() throws {
        let plan = try report.loadScenario()
        let sinks = try report.openSinks()
        let paths = try InputList.paths(partials, plus: partialsFrom)
        let merged: (ScanResult, PartialResult.Patterns, missing: [Int])
        var count = 0
        do {
            let loaded = try paths.map { (path: $0, partial: try PartialResult.read(from: $0)) }
            count = loaded.first?.partial.shard.count ?? 0
            merged = try PartialResult.merge(loaded, allowMissing: allowMissing)
        } catch {
            Diagnostics.error("\(error)")
            throw ExitCode(ExitStatus.usage)
        }
        let (scan, patterns, missing) = merged
        Diagnostics.reportProblems(scan)
        let missingNames = missing.isEmpty ? nil : missing.map { "\($0)/\(count)" }
        if let missingNames { Diagnostics.warning("shards missing: \(missingNames.joined(separator: ", ")); the report names the gap") }
        report.write(scan, patterns: Report.PatternsUsed(files: patterns.files, entries: patterns.entries),
                     scenario: plan, missingShards: missingNames, sinks: sinks)
        if scan.files.contains(where: \.isPartial) || !missing.isEmpty { throw ExitCode(ExitStatus.partial) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown, json
}

extension InflateBackend: ExpressibleByArgument {}
