import ArgumentParser
import Foundation
import LogTrace

/// The `logtrace` command line: it maps flags to `PipelineOptions` and outcomes to exit statuses; the
/// `Pipeline` of the LogTrace library does the work.
struct Logtrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtrace", abstract: "Turn archived Kubernetes pod logs into a Kafka outage timeline.",
        version: "logtrace \(Pipeline.version) (reports \(Report.schema), partials \(PartialResult.schema))",
        subcommands: [Ingest.self, Merge.self, Patterns.self])
}

/// The exit statuses both subcommands use.
enum ExitStatus {
    static let complete: Int32 = 0, partial: Int32 = 1, usage: Int32 = 2, unwritten: Int32 = 3
}

/// What both subcommands' help says of their exit statuses.
let exitStatuses = "0 when every input was read in full, 1 when some were only partly read (the report says which), 2 for usage or pattern errors or when not one input could be read (no report then), 3 when an output could not be written (the old file at its path is left as it was), 130 / 143 when interrupted by SIGINT / SIGTERM (no output written)."


/// Options that shape the report, shared by `ingest` and `merge`.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: markdown, json or html (one self-contained page).") var format: ReportFormat = .markdown
    @Option(name: [.short, .customLong("output")], help: "Write the report to FILE instead of standard output.") var output: String?
    @Option(parsing: .unconditional, help: "Longest silence, in seconds, inside one incident: an incident ends when every client that failed has recovered, or after this long with no event.") var gap: Double = 300
    @Option(help: "A game-day plan (YAML): expected milestones and steady-state checks to hold the incidents against.") var scenario: String?
    @Option(help: "Also write every matched event to FILE as JSON lines that Timesketch imports.") var events: String?
    @Flag(help: "Replace IP addresses, host names, e-mail addresses, long hex and base64 ids and tokens with consistent tokens ([ip-1], [host-2]) in every output, for sharing; pod, service and topic names stay.") var redact = false
    @Option(help: "With --redact, also replace what this PCRE2 regex matches (its 'value' group, if it has one). Repeatable.") var redactPattern: [String] = []
    @Option(help: "Correlate only events at or after this time: RFC 3339 (2026-11-24T10:00:05Z; no zone is UTC) or an offset from the first record (+90s, +5m, +1h30m).") var since: String?
    @Option(help: "Correlate only events at or before this time, written as for --since.") var until: String?
    @Flag(help: "No closing summary on stderr (shown only when the report goes to a file and stderr is a terminal).") var noSummary = false

    func validate() throws {
        if !(gap > 0 && gap <= 86_400 * 365) { throw ValidationError("--gap takes seconds, more than 0 and at most a year, got \(gap)") }
        if try window()?.isEmpty == true { throw ValidationError("--since \(since ?? "") is after --until \(until ?? ""): no event could be in the window") }
    }

    /// The pipeline's options for the report stages; a scenario plan that cannot be read is a usage error.
    func pipelineOptions() throws -> PipelineOptions {
        var options = PipelineOptions()
        options.gapSeconds = gap
        options.scenario = try scenario.map { path in try usage("scenario error") { try ScenarioPlan.load(path) } }
        if redact || !redactPattern.isEmpty {
            options.redactor = try usage(nil) { try EventRedactor(userPatterns: redactPattern) }
        }
        options.window = try window().map { ($0, since, until) }
        return options
    }

    /// Opens the outputs before any input is read, so a bad `-o` fails fast.
    func openSinks() throws -> (report: OutputFile, events: OutputFile?) {
        try usage(nil) { (try OutputFile(path: output, what: "the report"), try events.map { try OutputFile(path: $0, what: "the event export") }) }
    }

    /// Writes the report (and the event export) built from `scan`.
    /// A report written to a file (`-o`) ends with a `ClosingSummary` on stderr when stderr is a
    /// terminal (`Diagnostics.stderrIsTerminal`), so pipes and tests stay quiet; `--no-summary` drops it.
    func write(_ scan: ScanResult, _ pipeline: Pipeline, patterns: Report.PatternsUsed, missingShards: [String]? = nil,
               to sinks: (report: OutputFile, events: OutputFile?)) throws {
        let scan = pipeline.redacted(scan)
        let report = pipeline.report(scan, patterns: patterns, missingShards: missingShards)
        let showSummary = !noSummary && output != nil && output != "-" && Diagnostics.stderrIsTerminal
        if !showSummary, let window = report.summary.timeWindow { Diagnostics.note("time window " + window.sentence) }
        if let eventSink = sinks.events {
            try finish(eventSink) {
                try pipeline.exportEventBytes(scan) { try eventSink.write($0) }
            }
        }
        try finish(sinks.report) {
            var failure: Error?
            Pipeline.render(report, as: format) { text in
                if failure == nil { do { try sinks.report.write(text) } catch { failure = error } }
            }
            if let failure { throw failure }
        }
        if showSummary, let output {
            Diagnostics.show(ClosingSummary.text(report, reportPath: output, format: format, eventsPath: events))
        }
    }
}

/// Writes `file` with `body` and commits it. A closed pipe ends the run quietly; any other failure is
/// said, naming the file, and ends it with its own status.
func finish(_ file: OutputFile, _ body: () throws -> Void) throws {
    do {
        try body()
        try file.commit()
    } catch {
        file.discard()
        if (error as? OutputFile.WriteError)?.closedPipe == true { throw ExitCode(ExitStatus.complete) }
        Diagnostics.error("\(error)")
        throw ExitCode(ExitStatus.unwritten)
    }
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read log files (plain or gzip) and write the incident report.", discussion: "Exit status: " + exitStatuses)

    @Argument(help: "Log files, plain or gzip-compressed, or folders to read recursively; '-' reads standard input.") var files: [String] = []
    @Option(help: "Read the list of inputs from FILE, one path a line ('-' for standard input).") var filesFrom: String?
    @Option(name: .customLong("patterns"), help: "A folder of extra pattern files; entries override defaults with the same id. Repeatable.") var patternDirectories: [String] = []
    @Flag(help: "Use only the --patterns folders, not the default patterns/.") var noDefaultPatterns = false
    @OptionGroup var report: ReportOptions
    @Option(name: .customLong("service"), help: "NAME=GLOB: files whose path matches GLOB belong to service NAME. Repeatable.") var services: [String] = []
    @Option(parsing: .unconditional, help: "Worker threads (default: the number of cores).") var jobs: Int?
    @Option(help: "Inflate backend for gzip input: isal or zlib.") var inflate: InflateBackend = .isal
    @Option(help: "UTC offset for timestamps that carry no zone, like +09:00 (default: UTC).") var tz: String = "+00:00"
    @Option(parsing: .unconditional, help: "Longest line kept, in bytes (1 KiB to 64 MiB); longer lines are cut and counted.") var maxLineBytes: Int = 256 * 1024
    @Flag(help: "Read every record, not only those holding a pattern's literal: slower, but the input summary's record counters (records, without a timestamp, out of order) then cover every record.") var readAllRecords = false
    @Option(help: "Read only shard I of N of the files: 'I/N', or 'auto' for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, and --shards or JOB_COMPLETIONS).") var shard: String?
    @Option(parsing: .unconditional, help: "The number of shards, with --shard auto (default: JOB_COMPLETIONS).") var shards: Int?
    @Option(help: "Files are assigned to shards by their path relative to this folder.") var root: String?
    @Option(help: "Write this shard's partial result (events, file summaries) to FILE for 'logtrace merge' instead of a report; gzip-compressed if FILE ends in .gz.") var partial: String?
    @Flag(help: "No progress display on stderr.") var quiet = false
    @Flag(help: "Do not look for the signals no pattern names (pods that went quiet, lines no pattern explains): to measure what they cost.") var noSignals = false
    @Flag(help: "Do not gather the WARN/ERROR lines no pattern matches (the report's \"Lines no pattern explains\"); for measuring their cost.") var noUnexplainedLines = false
    @Option(help: "Instead of a report, show how the first records of FILE are read: envelope, layout, timestamps, level, and which pattern matched. FILE:LINE shows the record holding that line and every pattern entry tried on it: the match and its captures, or the near-misses (literal present, regex failed).") var explain: String?
    @Option(parsing: .unconditional, help: "How many records --explain shows.") var explainRecords: Int = 40

    func validate() throws {
        if !(1...1_000_000).contains(explainRecords) { throw ValidationError("--explain-records takes 1 to 1000000, got \(explainRecords)") }
        if let jobs, !(1...1024).contains(jobs) { throw ValidationError("--jobs takes 1 to 1024, got \(jobs)") }
        if !(1024...(64 << 20)).contains(maxLineBytes) { throw ValidationError("--max-line-bytes takes 1024 to 67108864, got \(maxLineBytes)") }
        if let shards, !(1...100_000).contains(shards) { throw ValidationError("--shards takes 1 to 100000, got \(shards)") }
        if explain != nil { return }
        if files.isEmpty && filesFrom == nil { throw ValidationError("give at least one log file, or '-' for standard input") }
        if TimeZoneOffset.parse(tz) == nil { throw ValidationError("--tz takes an offset like +09:00 or -0500") }
        for service in services where ServiceOverride(argument: service) == nil {
            throw ValidationError("--service takes NAME=GLOB, got '\(service)'")
        }
        if partial != nil && shard == nil { throw ValidationError("--partial goes with --shard (use --shard 0/1 for a single shard)") }
        if partial != nil && (report.since != nil || report.until != nil) {
            throw ValidationError("--since and --until go on 'logtrace merge', which sees the first record of every shard, not with --partial")
        }
    }

    func run() throws {
        let patterns = try usage("pattern error") { try PatternLoader.load(extraDirectories: patternDirectories, includeDefaults: !noDefaultPatterns) }
        for warning in patterns.warnings { Diagnostics.warning(warning) }
        var options = try report.pipelineOptions()
        options.inflate = inflate
        options.maxLineBytes = maxLineBytes
        options.timeZoneOffsetSeconds = TimeZoneOffset.parse(tz) ?? 0
        options.services = services.compactMap(ServiceOverride.init(argument:))
        options.readAllRecords = readAllRecords
        options.signals = !noSignals
        options.unexplainedLines = !noUnexplainedLines && !noSignals
        // Only the event export and partials print excerpts; a report alone need not hold them.
        options.keepExcerpts = report.events != nil || partial != nil
        if let jobs { options.jobs = jobs }
        let pipeline = Pipeline(options: options)
        if let explain, !FileManager.default.fileExists(atPath: explain), let (path, line) = LineExplanation.target(explain) {
            return try explainLine(line, of: path, pipeline, patterns: patterns)
        }
        if let explain {
            let explained = pipeline.explain(explain, patterns: patterns, limit: explainRecords)
            let sink = try report.openSinks().report
            try finish(sink) { try sink.write(ExplainText.render(explained)) }
            if explained.error != nil { throw ExitCode(ExitStatus.partial) }
            return
        }
        let sinks = partial == nil ? try report.openSinks() : nil
        let inputs = try usage(nil) { try Pipeline.inputsCountingDuplicates(files, listedIn: filesFrom) }
        for duplicate in inputs.duplicates { Diagnostics.warning("\(duplicate.path) is the same file as \(duplicate.sameAs): read once") }
        for skipped in inputs.skipped { Diagnostics.warning(skipped) }
        let allPaths = inputs.files
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
        let meter = !quiet && Diagnostics.stderrIsTerminal ? ProgressMeter(paths: paths) : nil
        let scan = pipeline.scan(paths, patterns: patterns, progress: meter?.start())
        meter?.stop()
        Diagnostics.tell(scan)
        if partial == nil, let sinks, scan.readNothing {
            // Not one byte of any input: a report would say nothing, so there is none.
            sinks.report.discard()
            sinks.events?.discard()
            Diagnostics.error("nothing could be read from \(paths.count == 1 ? paths[0] : "any of the \(paths.count) inputs"); no report written")
            throw ExitCode(ExitStatus.usage)
        }
        if let partial, let shardPlan {
            let result = Pipeline.partial(scan, shard: shardPlan, allPaths: allPaths, readFiles: paths.count, patterns: patterns)
            do {
                try result.write(to: partial)
            } catch {
                Diagnostics.error("cannot write the partial result: \(error)")
                throw ExitCode(ExitStatus.unwritten)
            }
        } else if let sinks {
            try report.write(scan, pipeline, patterns: ReportBuilder.used(patterns), to: sinks)
        }
        if scan.isPartial { throw ExitCode(ExitStatus.partial) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the partial results of a sharded run into the report one 'ingest' over all files would write.",
        discussion: "Exit status: 0 when every input of every shard was read in full, 1 when some were only partly read or shards are missing (with --allow-missing), 2 for usage errors and partials that do not belong together, 3 when an output could not be written.")

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
        try report.write(scan, pipeline, patterns: patterns, missingShards: missing.isEmpty ? nil : missing, to: sinks)
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
