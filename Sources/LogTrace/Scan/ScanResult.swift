/// Everything the reading stage found in a set of files: per-file summaries and the events, each record
/// counted once.
///
/// Results combine by concatenation and are put in a canonical order by `normalized()`, which also sets
/// aside the events that are copies of another file's (`OverlappingCopies`), so the report is the same
/// whether the files were read by one worker, many, in any order, or in shards merged later.
public struct ScanResult: Sendable, Codable {
    public var files: [FileSummary]
    /// The events, each record counted once (once normalized).
    public var events: [Event]
    /// Events set aside by `normalized()` as copies of another file's, in the order of `events`.
    public var copies: [Event] = []
    /// The pairs of files whose records overlap, by kept file and copy, with the events set aside.
    public var overlaps: [FileOverlap] = []

    public init(files: [FileSummary] = [], events: [Event] = []) {
        self.files = files
        self.events = events
    }

    /// Adds another result's files and events, its copies among them: which are copies is decided
    /// again by `normalized()` over all the files.
    public mutating func merge(_ other: ScanResult) {
        files += other.files
        events += other.events + other.copies
        events += copies
        copies = []
        overlaps = []
    }

    /// Every event read, copies included: what a partial holds.
    public var allEvents: [Event] { events + copies }

    /// Files sorted by path, events by time (total order), copies set aside: the form every later
    /// stage reads.
    public func normalized() -> ScanResult {
        var result = self
        result.normalize()
        return result
    }

    /// `normalized()` in place: the events are sorted and the copies taken out within the one array,
    /// so that a scan of millions of events holds one list of them, not three.
    public mutating func normalize() {
        files.sort { $0.path < $1.path }
        var all = events
        events = []
        all += copies
        copies = []
        all.sort(by: Event.precedes)
        (copies, overlaps) = OverlappingCopies.separate(&all)
        events = all
    }

    /// What the command line tells on stderr: each file that could not be read in full (an error),
    /// and the warnings and limits hit (warnings), in file order.
    public var diagnostics: [(isError: Bool, text: String)] {
        var lines: [(isError: Bool, text: String)] = []
        for file in files {
            if let problem = file.error {
                lines.append((true, file.path + ": " + problem.description + (file.lines > 0 ? "; the \(file.lines) lines before it are kept" : "")))
            }
            for note in file.warnings { lines.append((false, file.path + ": " + note)) }
            for (id, count) in file.matchLimitHits.sorted(by: { $0.key < $1.key }) {
                lines.append((false, "\(file.path): pattern '\(id)' stopped at PCRE2's match limit on \(count) record(s)"))
            }
        }
        for overlap in overlaps {
            lines.append((false, "\(overlap.copy) overlaps \(overlap.kept): the \(overlap.events) event\(overlap.events == 1 ? "" : "s") both hold counted once, from \(overlap.kept)"))
        }
        return lines
    }

    /// The services none of whose files yielded an event beyond a client-role line, with their first
    /// timestamp: logs with no Kafka client failure, recovery or outcome at all (a producer whose library
    /// and application log nothing, or no client).
    public var silentServices: [String: Timestamp] {
        var first: [String: Timestamp] = [:]
        // One pass, no list of the events or their services: a file's events share one origin.
        var heard = Set<String>()
        var lastOrigin: EventOrigin?
        for event in events where event.kind != .clientRole && event.origin !== lastOrigin {
            heard.insert(event.service)
            lastOrigin = event.origin
        }
        for file in files {
            if let time = file.firstTime { first[file.service] = min(first[file.service] ?? time, time) }
        }
        return first.filter { !heard.contains($0.key) }
    }

    /// True when some file was only partly read (or not at all).
    public var isPartial: Bool { files.contains(where: \.isPartial) }

    /// True when there were inputs and not one byte of any could be read (missing, unreadable, refused).
    public var readNothing: Bool {
        !files.isEmpty && files.allSatisfy { $0.error != nil && $0.textBytes == 0 && $0.lines == 0 }
    }
}
