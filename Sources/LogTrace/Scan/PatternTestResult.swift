/// What `logtrace patterns test` found in a file or a line: every record read (all of them, none
/// skipped), those an entry matched or nearly matched with their trials, and the counts.
public struct PatternTestResult: Sendable {
    /// A record worth showing: it matched, or an entry's literal is in it but the regex failed.
    public struct Tried: Sendable {
        public var record: RecordExplanation
        public var trial: PatternTrial
    }

    /// The input's format and attribution (`records` empty: the tried records are in `tried`).
    public var file: FileExplanation
    /// The first `limit` records that matched or nearly matched, in file order.
    public var tried: [Tried]
    public var records = 0
    public var matched = 0
    /// Records no entry matched but some entry's literal is in.
    public var nearMissesOnly = 0

    public init(file: FileExplanation, tried: [Tried]) {
        self.file = file
        self.tried = tried
    }
}
