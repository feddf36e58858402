/// `--since` / `--until`: the span of time whose events are correlated. Each bound is an absolute time
/// or an offset from the first record of all the inputs; both are inclusive. Events are kept or left
/// out after matching, by their ordering time, so every file is still read and summarized in full, and
/// the same events are kept whatever the workers or shards (the first record is the earliest over all
/// files' summaries, which a merge of partials has too). Events without any timestamp cannot be
/// placed and are kept (they are on no timeline anyway).
public struct TimeWindow: Sendable, Equatable {
    /// One end of the window, as given.
    public enum Bound: Sendable, Equatable {
        /// An instant: an RFC 3339 time.
        case at(Timestamp)
        /// `+5m`, `+90s`: this many seconds after the first record.
        case afterFirstRecord(seconds: Double)

        /// The largest offset taken: a year, like `--gap`.
        public static let maxOffsetSeconds: Double = 86_400 * 365

        /// Parses `2026-11-24T10:00:05Z` (RFC 3339, fraction and zone optional, no zone meaning UTC, a
        /// space allowed for `T`) or `+` then one or more number-unit pairs (`+90s`, `+5m`, `+1h30m`,
        /// `+1.5h`, `+2d`). Nil when `text` is neither, or names an instant 64-bit nanoseconds cannot hold.
        public init?(_ text: String) {
            if text.hasPrefix("+") {
                guard let seconds = Bound.offsetSeconds(text.dropFirst()) else { return nil }
                self = .afterFirstRecord(seconds: seconds)
                return
            }
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBytes { TimestampParser(defaultOffsetSeconds: 0).parse($0) }
            guard let (instant, length) = parsed, length == bytes.count, bytes.count >= 19 else { return nil }
            self = .at(instant)
        }

        /// The seconds `1h30m` stands for, or nil when it is not number-unit pairs.
        static func offsetSeconds(_ text: Substring) -> Double? {
            var total = 0.0, number = "", pairs = 0
            for character in text {
                if character.isASCII && (character.isNumber || character == ".") {
                    number.append(character)
                    continue
                }
                let unit: Double
                switch character {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                default: return nil
                }
                guard let value = Double(number), value.isFinite else { return nil }
                total += value * unit
                number = ""
                pairs += 1
            }
            return number.isEmpty && pairs > 0 ? total : nil
        }

        /// The instant this bound stands for, given the first record's time (nil when no record had one).
        public func resolve(firstRecord: Timestamp?) -> Timestamp? {
            switch self {
            case .at(let instant): return instant
            case .afterFirstRecord(let seconds): return firstRecord?.adding(seconds: seconds)
            }
        }
    }

    public var since: Bound?
    public var until: Bound?

    public init(since: Bound? = nil, until: Bound? = nil) {
        self.since = since
        self.until = until
    }

    /// True when both ends are of one kind and `since` comes after `until`: a window no event is in.
    public var isEmpty: Bool {
        switch (since, until) {
        case (.at(let a)?, .at(let b)?): return a > b
        case (.afterFirstRecord(let a)?, .afterFirstRecord(let b)?): return a > b
        default: return false
        }
    }

    /// What applying the window to a scan did: the instants its ends stood for and how many events
    /// (copies included) it left out.
    public struct Applied: Sendable, Equatable {
        public var firstRecord: Timestamp?
        public var since: Timestamp?
        public var until: Timestamp?
        public var eventsLeftOut: Int
    }

    /// `scan` with only the events inside the window (its files' summaries untouched), and what was done.
    public func apply(to scan: ScanResult) -> (scan: ScanResult, applied: Applied) {
        let first = scan.files.compactMap(\.firstTime).min()
        let start = since?.resolve(firstRecord: first), end = until?.resolve(firstRecord: first)
        func inside(_ event: Event) -> Bool {
            if event.untimed { return true }
            if let start, event.time < start { return false }
            if let end, event.time > end { return false }
            return true
        }
        var kept = scan
        kept.events = scan.events.filter(inside)
        kept.copies = scan.copies.filter(inside)
        let leftOut = scan.events.count + scan.copies.count - kept.events.count - kept.copies.count
        return (kept, Applied(firstRecord: first, since: start, until: end, eventsLeftOut: leftOut))
    }
}
