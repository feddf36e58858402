import ArgumentParser
import Glibc
import LogTrace

/// The `logtrace` command line. The work is done by the LogTrace library; this file only parses
/// arguments, wires the stages together and maps outcomes to exit statuses.
struct Logtrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtrace",
        abstract: "Turn archived Kubernetes pod logs into a Kafka outage timeline.",
        subcommands: [Ingest.self])
}

enum ExitStatus {
    static let complete: Int32 = 0
    static let partial: Int32 = 1
    static let usage: Int32 = 2
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read log files (plain or gzip) and write the incident report.",
        discussion: "Exit status: 0 when every input was read in full, 1 when some were only partly read (the report says which), 2 for usage or pattern errors.")

    @Argument(help: "Log files, plain or gzip-compressed, or folders to read recursively; '-' reads standard input.")
    var files: [String] = []

    @Option(name: .customLong("patterns"), help: "A folder of extra pattern files; entries override defaults with the same id. Repeatable.")
    var patternDirectories: [String] = []

    @Flag(help: "Use only the --patterns folders, not the default patterns/.")
    var noDefaultPatterns = false

    @Option(help: "Output format: markdown or json.")
    var format: OutputFormat = .markdown

    @Option(name: [.short, .customLong("output")], help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(name: .customLong("service"), help: "NAME=GLOB: files whose path matches GLOB belong to service NAME. Repeatable.")
    var services: [String] = []

    @Option(help: "Seconds between failures that split two incidents.")
    var gap: Double = 300

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Inflate backend for gzip input: isal or zlib.")
    var inflate: InflateBackend = .isal

    @Option(help: "UTC offset for timestamps that carry no zone, like +09:00 (default: UTC).")
    var tz: String = "+00:00"

    @Option(help: "Longest line kept, in bytes; longer lines are cut and counted.")
    var maxLineBytes: Int = 256 * 1024

    @Flag(help: "No progress display on stderr.")
    var quiet = false

    @Option(help: "A game-day plan (YAML): expected milestones and steady-state checks to hold the incidents against.")
    var scenario: String?

    @Option(help: "Also write every matched event to FILE as JSON lines that Timesketch imports.")
    var events: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one log file, or '-' for standard input") }
        if gap <= 0 { throw ValidationError("--gap must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxLineBytes < 1024 { throw ValidationError("--max-line-bytes must be at least 1024") }
        if TimeZoneOffset.parse(tz) == nil { throw ValidationError("--tz takes an offset like +09:00 or -0500") }
        for service in services where ServiceOverride(argument: service) == nil {
            throw ValidationError("--service takes NAME=GLOB, got '\(service)'")
        }
    }

    func run() throws {
        let patterns: PatternSet
        do {
            patterns = try PatternLoader.load(extraDirectories: patternDirectories, includeDefaults: !noDefaultPatterns)
        } catch {
            Diagnostics.error("pattern error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        var plan: ScenarioPlan?
        if let scenario {
            do {
                plan = try ScenarioPlan.parse(yaml: PatternLoader.readText(scenario), file: scenario)
            } catch {
                Diagnostics.error("scenario error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let sink: OutputSink
        let eventSink: OutputSink?
        do {
            sink = try OutputSink(path: output)
            eventSink = try events.map { try OutputSink(path: $0) }
        } catch {
            Diagnostics.error("\(error)")
            throw ExitCode(ExitStatus.usage)
        }

        var options = FileScanner.Options()
        options.inflate = inflate
        options.maxLineBytes = maxLineBytes
        options.timestampParser = TimestampParser(defaultOffsetSeconds: TimeZoneOffset.parse(tz) ?? 0)
        options.serviceOverrides = services.compactMap(ServiceOverride.init(argument:))
        let paths = InputPaths.expand(files)
        if paths.isEmpty {
            Diagnostics.error("no files to read in \(files.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        let job = IngestJob(paths: paths, jobs: jobs ?? ProcessInfoCores.count, options: options, patterns: patterns)

        var meter: ProgressMeter?
        if !quiet && isatty(2) == 1 {
            meter = ProgressMeter(totalBytes: paths.reduce(0) { $0 + FileSize.of($1) }, totalFiles: paths.count)
            meter?.start()
        }
        let scan = job.run(progress: meter)
        meter?.stop()

        for file in scan.files {
            if let error = file.error {
                Diagnostics.error("\(file.path): \(error.description)" + (file.events > 0 || file.lines > 0 ? "; the \(file.lines) lines before it are kept" : ""))
            }
            for warning in file.warnings { Diagnostics.warning("\(file.path): \(warning)") }
            for (id, count) in file.matchLimitHits.sorted(by: { $0.key < $1.key }) {
                Diagnostics.warning("\(file.path): pattern '\(id)' stopped at PCRE2's match limit on \(count) record(s)")
            }
        }
        let (incidents, isolated) = IncidentBuilder(gapSeconds: gap).build(events: scan.events)
        let report = ReportBuilder.build(scan: scan, incidents: incidents, isolated: isolated, patterns: patterns, scenario: plan)
        if let eventSink {
            eventSink.write(TimesketchExport.lines(scan.events))
            eventSink.close()
        }
        let text = format == .json ? JSONReport.render(report) : MarkdownReport.render(report)
        sink.write(text)
        sink.close()
        if scan.files.contains(where: \.isPartial) { throw ExitCode(ExitStatus.partial) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown, json
}

extension InflateBackend: ExpressibleByArgument {}
