import ArgumentParser
import Foundation
import LogTrace

/// The `logtrace` command line: it maps flags to `PipelineOptions` and outcomes to exit statuses; the
/// `Pipeline` of the LogTrace library does the work.
struct Logtrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtrace", abstract: "Turn archived Kubernetes pod logs into a Kafka outage timeline.",
        subcommands: [Ingest.self, Merge.self])
}

/// The exit statuses both subcommands use.
enum ExitStatus {
    static let complete: Int32 = 0, partial: Int32 = 1, usage: Int32 = 2
}

/// Options that shape the report, shared by `ingest` and `merge`.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: markdown or json.") var format: ReportFormat = .markdown
    @Option(name: [.short, .customLong("output")], help: "Write the report to FILE instead of standard output.") var output: String?
    @Option(help: "Longest silence, in seconds, inside one incident: an incident ends when every client that failed has recovered, or after this long with no event.") var gap: Double = 300
    @Option(help: "A game-day plan (YAML): expected milestones and steady-state checks to hold the incidents against.") var scenario: String?
    @Option(help: "Also write every matched event to FILE as JSON lines that Timesketch imports.") var events: String?

    func validate() throws {
        if gap <= 0 { throw ValidationError("--gap must be positive") }
    }

    /// The pipeline's options for the report stages; a scenario plan that cannot be read is a usage error.
    func pipelineOptions() throws -> PipelineOptions {
        var options = PipelineOptions()
        options.gapSeconds = gap
        options.scenario = try scenario.map { path in try usage("scenario error") { try ScenarioPlan.load(path) } }
        return options
    }

    /// Opens the outputs before any input is read, so a bad `-o` fails fast.
    func openSinks() throws -> (report: OutputSink, events: OutputSink?) {
        try usage(nil) { (try OutputSink(path: output), try events.map { try OutputSink(path: $0) }) }
    }

    /// Writes the report (and the event export) built from `scan`.
    func write(_ scan: ScanResult, _ pipeline: Pipeline, patterns: Report.PatternsUsed, missingShards: [String]? = nil,
               to sinks: (report: OutputSink, events: OutputSink?)) {
        let report = pipeline.report(scan, patterns: patterns, missingShards: missingShards)
        if let eventSink = sinks.events {
            eventSink.write(Pipeline.exportEvents(scan))
            eventSink.close()
        }
        Pipeline.render(report, as: format) { sinks.report.write($0) }
        sinks.report.close()
    }
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read log files (plain or gzip) and write the incident report.",
        discussion: "Exit status: 0 when every input was read in full, 1 when some were only partly read (the report says which), 2 for usage or pattern errors.")

    @Argument(help: "Log files, plain or gzip-compressed, or folders to read recursively; '-' reads standard input.") var files: [String] = []
    @Option(help: "Read the list of inputs from FILE, one path a line ('-' for standard input).") var filesFrom: String?
    @Option(name: .customLong("patterns"), help: "A folder of extra pattern files; entries override defaults with the same id. Repeatable.") var patternDirectories: [String] = []
    @Flag(help: "Use only the --patterns folders, not the default patterns/.") var noDefaultPatterns = false
    @OptionGroup var report: ReportOptions
    @Option(name: .customLong("service"), help: "NAME=GLOB: files whose path matches GLOB belong to service NAME. Repeatable.") var services: [String] = []
    @Option(help: "Worker threads (default: the number of cores).") var jobs: Int?
    @Option(help: "Inflate backend for gzip input: isal or zlib.") var inflate: InflateBackend = .isal
    @Option(help: "UTC offset for timestamps that carry no zone, like +09:00 (default: UTC).") var tz: String = "+00:00"
    @Option(help: "Longest line kept, in bytes; longer lines are cut and counted.") var maxLineBytes: Int = 256 * 1024
    @Flag(help: "Read every record, not only those holding a pattern's literal: slower, but the input summary's record counters (records, without a timestamp, out of order) then cover every record.") var readAllRecords = false
    @Option(help: "Read only shard I of N of the files: 'I/N', or 'auto' for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, and --shards or JOB_COMPLETIONS).") var shard: String?
    @Option(help: "The number of shards, with --shard auto (default: JOB_COMPLETIONS).") var shards: Int?
    @Option(help: "Files are assigned to shards by their path relative to this folder.") var root: String?
    @Option(help: "Write this shard's partial result (events, file summaries) to FILE for 'logtrace merge' instead of a report; gzip-compressed if FILE ends in .gz.") var partial: String?
    @Flag(help: "No progress display on stderr.") var quiet = false
    @Option(help: "Instead of a report, show how the first records of FILE are read: envelope, layout, timestamps, level, and which pattern matched.") var explain: String?
    @Option(help: "How many records --explain shows.") var explainRecords: Int = 40

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
        let patterns = try usage("pattern error") { try PatternLoader.load(extraDirectories: patternDirectories, includeDefaults: !noDefaultPatterns) }
        var options = try report.pipelineOptions()
        options.inflate = inflate
        options.maxLineBytes = maxLineBytes
        options.timeZoneOffsetSeconds = TimeZoneOffset.parse(tz) ?? 0
        options.services = services.compactMap(ServiceOverride.init(argument:))
        options.readAllRecords = readAllRecords
        if let jobs { options.jobs = jobs }
        let pipeline = Pipeline(options: options)
        if let explain {
            let explained = pipeline.explain(explain, patterns: patterns, limit: explainRecords)
            let sink = try report.openSinks().report
            sink.write(ExplainText.render(explained))
            sink.close()
            if explained.error != nil { throw ExitCode(ExitStatus.partial) }
            return
        }
        let sinks = partial == nil ? try report.openSinks() : nil
        let allPaths = try usage(nil) { try Pipeline.inputs(files, listedIn: filesFrom) }
        if allPaths.isEmpty {
            Diagnostics.error("no files to read in \((files + (filesFrom.map { ["--files-from \($0)"] } ?? [])).joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        let shardPlan = try shard.map { text in
            guard let plan = ShardPlan.parse(text, count: shards, root: root, environment: ProcessInfo.processInfo.environment) else {
                Diagnostics.error("--shard takes I/N with 0 <= I < N, or 'auto' with JOB_COMPLETION_INDEX set and --shards or JOB_COMPLETIONS")
                throw ExitCode(ExitStatus.usage)
            }
            return plan
        }
        let paths = shardPlan?.select(allPaths) ?? allPaths
        let meter = !quiet && isatty(2) == 1 ? ProgressMeter(paths: paths) : nil
        let scan = pipeline.scan(paths, patterns: patterns, progress: meter?.start())
        meter?.stop()
        Diagnostics.tell(scan)
        if let partial, let shardPlan {
            let result = Pipeline.partial(scan, shard: shardPlan, allPaths: allPaths, readFiles: paths.count, patterns: patterns)
            try usage("cannot write the partial result to \(partial)") { try result.write(to: partial) }
        } else if let sinks {
            report.write(scan, pipeline, patterns: ReportBuilder.used(patterns), to: sinks)
        }
        if scan.isPartial { throw ExitCode(ExitStatus.partial) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the partial results of a sharded run into the report one 'ingest' over all files would write.",
        discussion: "Exit status: 0 when every input of every shard was read in full, 1 when some were only partly read or shards are missing (with --allow-missing), 2 for usage errors and partials that do not belong together.")

    @Argument(help: "Partial results written by 'ingest --shard ... --partial FILE'.") var partials: [String] = []
    @Option(help: "Read the list of partials from FILE, one path a line ('-' for standard input).") var partialsFrom: String?
    @Flag(help: "Write the report even if some shards' partials are missing, naming the gap.") var allowMissing = false
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if partials.isEmpty && partialsFrom == nil { throw ValidationError("give the partial results to merge") }
    }

    func run() throws {
        let pipeline = Pipeline(options: try report.pipelineOptions())
        let sinks = try report.openSinks()
        let paths = try usage(nil) { try Pipeline.listed(partials, in: partialsFrom) }
        let (scan, patterns, missing) = try usage(nil) { try Pipeline.merge(paths, allowMissing: allowMissing) }
        Diagnostics.tell(scan)
        if !missing.isEmpty { Diagnostics.warning("shards missing: \(missing.joined(separator: ", ")); the report names the gap") }
        report.write(scan, pipeline, patterns: patterns, missingShards: missing.isEmpty ? nil : missing, to: sinks)
        if scan.isPartial || !missing.isEmpty { throw ExitCode(ExitStatus.partial) }
    }
}

/// Runs `body`; an error it throws is said on stderr (after `prefix`) and ends the run as a usage error.
func usage<T>(_ prefix: String?, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        Diagnostics.error((prefix.map { $0 + ": " } ?? "") + "\(error)")
        throw ExitCode(ExitStatus.usage)
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension InflateBackend: ExpressibleByArgument {}
