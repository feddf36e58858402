import Glibc

/// How a run is configured, parsed: what the command line's flags mean to the stages. Built by the
/// command line (or a test), handed to `Pipeline`, which gives each stage its part.
public struct PipelineOptions: Sendable {
    public var inflate: InflateBackend = .isal
    /// Longest line kept; longer lines are cut there and counted.
    public var maxLineBytes = 256 * 1024
    /// Seconds east of UTC for timestamps that carry no zone (`--tz`).
    public var timeZoneOffsetSeconds: Int64 = 0
    /// `--service NAME=GLOB`: which files belong to which service, before the names are guessed.
    public var services: [ServiceOverride] = []
    /// Read every record, not only those holding a literal: exact record counters, same events.
    public var readAllRecords = false
    /// Worker threads.
    public var jobs = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Longest quiet time between two failures of one incident.
    public var gapSeconds: Double = 300
    /// A game-day plan to hold the incidents against.
    public var scenario: ScenarioPlan?
    /// `--redact`: the values to replace in every output before it is written.
    public var redactor: EventRedactor?
    /// `--since` / `--until`: the events correlated, and the options as given, for the report to name.
    public var window: (window: TimeWindow, since: String?, until: String?)?
    /// Keep each event's excerpt: needed by the event export (`--events`) and partials, not by a report.
    public var keepExcerpts = true
    /// Look for the signals no pattern names (pods going quiet): on by default; off (`--no-signals`) to
    /// measure what they cost.
    public var signals = true
    /// Gather the WARN/ERROR records no pattern matched, for the report's "Lines no pattern explains".
    public var unexplainedLines = true

    public init() {}

    /// What each worker's `FileScanner` is given.
    var scanner: FileScanner.Options {
        var options = FileScanner.Options()
        options.inflate = inflate
        options.maxLineBytes = maxLineBytes
        options.timestampParser = TimestampParser(defaultOffsetSeconds: timeZoneOffsetSeconds)
        options.serviceOverrides = services
        options.skipRecordsWithoutLiterals = !readAllRecords
        options.keepExcerpts = keepExcerpts
        options.signals = signals
        options.collectUnexplainedLines = unexplainedLines
        return options
    }
}
