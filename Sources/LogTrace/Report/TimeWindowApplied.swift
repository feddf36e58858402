extension Report {
    /// The `--since` / `--until` window a report was made with: the options as given, the instants they
    /// stood for (an offset counts from `firstRecord`) and how many matched events fell outside.
    public struct TimeWindowApplied: Sendable, Codable, Equatable {
        public var sinceArgument: String?
        public var untilArgument: String?
        public var since: String?
        public var until: String?
        public var firstRecord: String?
        public var eventsLeftOut: Int

        public init(sinceArgument: String?, untilArgument: String?, applied: TimeWindow.Applied) {
            self.sinceArgument = sinceArgument
            self.untilArgument = untilArgument
            since = applied.since?.iso8601
            until = applied.until?.iso8601
            firstRecord = applied.firstRecord?.iso8601
            eventsLeftOut = applied.eventsLeftOut
        }

        /// `2026-11-24T10:00:00.000Z to 2026-11-24T10:05:00.000Z (--since +0s --until +5m), 12 matched events left out`:
        /// one line for a report header or a terminal.
        public var sentence: String {
            let asked = [sinceArgument.map { "--since \($0)" }, untilArgument.map { "--until \($0)" }].compactMap { $0 }.joined(separator: " ")
            let span = "\(since ?? "the first record") to \(until ?? "the last record")"
            return "\(span) (\(asked)), \(eventsLeftOut) matched event\(eventsLeftOut == 1 ? "" : "s") outside left out"
        }
    }
}
