/// Everything the reading stage found in a set of files: per-file summaries and all events.
///
/// Results combine by concatenation and are put in a canonical order by `normalized()`, so the report
/// is the same whether the files were read by one worker, many, or in any order.
public struct ScanResult: Sendable, Codable {
    public var files: [FileSummary]
    public var events: [Event]

    public init(files: [FileSummary] = [], events: [Event] = []) {
        self.files = files
        self.events = events
    }

    /// Adds another result's files and events.
    public mutating func merge(_ other: ScanResult) {
        files += other.files
        events += other.events
    }

    /// Files sorted by path, events by time (total order): the form every later stage reads.
    public func normalized() -> ScanResult {
        ScanResult(files: files.sorted { $0.path < $1.path }, events: events.sorted(by: Event.precedes))
    }
}
