/// One entry of a pattern file, as written: what to look for and what it means.
public struct PatternDefinition: Sendable {
    public var id: String
    public var kind: EventKind
    public var regex: String
    /// Prefilter literals: a record is a candidate when it holds any of them. Empty: derive one.
    public var literals: [String]
    public var samples: [String]
    public var nearMisses: [String]
    /// Where the entry was read from, for error messages and `--explain`.
    public var file: String
    public var line: Int
}
