/// What reading one input file produced, besides its events: the numbers for the input summary and
/// anything that went wrong. Mergeable: a run's summaries are just the list of its files' summaries.
public struct FileSummary: Sendable, Codable, Equatable {
    public var path: String
    public var service: String
    public var pod: String
    public var compression: InputOpener.Compression?
    public var envelope: Envelope?
    public var layout: AppLayout?
    /// Bytes read from the file as stored (compressed, for gzip).
    public var storedBytes: Int64 = 0
    /// Bytes of text after decompression.
    public var textBytes: Int64 = 0
    public var lines = 0
    /// Records read; with `skimmed`, only those that could hold an event, and the other record counters
    /// (without a timestamp, truncated, backwards) cover only them too.
    public var records = 0
    /// True when records holding no pattern literal were skipped unread (`RecordSkipper`).
    public var skimmed = false
    public var events = 0
    public var recordsWithoutTimestamp = 0
    public var linesWithoutEnvelope = 0
    public var overlongLines = 0
    public var truncatedRecords = 0
    public var timestampsBackwards = 0
    public var firstTime: Timestamp?
    public var lastTime: Timestamp?
    /// The container's restart count when the file is a kubelet log (`/var/log/pods/.../N.log`).
    public var restartCount: Int?
    /// Why the file could not be read in full, if it could not.
    public var error: InputError?
    public var warnings: [String] = []
    /// Records on which a pattern hit PCRE2's limits, by pattern id.
    public var matchLimitHits: [String: Int] = [:]
    /// Where the pod, logging steadily, went quiet far longer than its usual gap (nil when nowhere).
    public var quietSpells: [QuietSpell]?
    /// Its WARN/ERROR records that no pattern matched (and level-less ones right after a failure line), as templates; nil when it had none (or they were not gathered).
    public var unexplained: UnexplainedTemplates?

    public init(path: String, service: String, pod: String) {
        self.path = path
        self.service = service
        self.pod = pod
    }

    /// True when the file was only partly read (or not at all).
    public var isPartial: Bool { error != nil }
}
