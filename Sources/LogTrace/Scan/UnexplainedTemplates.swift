/// One file's WARN/ERROR records that no pattern matched, as `LineTemplate`s: per template its count,
/// first and last time, first line, and the same per 10-second bucket of time, so that a report can
/// count only the occurrences inside an incident's window. Bounded: at most `templateLimit` templates
/// and `bucketLimit` buckets per file; what did not fit is counted. Carried in `FileSummary`.
public struct UnexplainedTemplates: Sendable, Codable, Equatable {
    /// The most templates one file keeps; records of later new templates are only counted.
    public static let templateLimit = 256
    /// The most buckets one file keeps over all its templates.
    public static let bucketLimit = 2048
    /// The width of a time bucket.
    public static let bucketSeconds: Int64 = 10

    /// Sorted by service, then text: the order does not depend on the order records came in.
    public var templates: [Template] = []
    /// Records whose template found no room (past `templateLimit`): counted, not kept.
    public var recordsLeftOut = 0

    /// One masked text and where it occurred.
    public struct Template: Sendable, Codable, Equatable {
        public var text: String
        /// The service, when the record's envelope named a pod other than the file's (stern).
        public var service: String?
        public var count: Int
        public var first: Timestamp?
        public var last: Timestamp?
        /// The 1-based line of its first record in the file.
        public var line: Int
        /// In time order; a record without a timestamp is in none.
        public var buckets: [Bucket]
        /// Its timed records that found no room in a bucket (past `bucketLimit`).
        public var recordsNotBucketed: Int
    }

    /// The records of one template within one 10-second span.
    public struct Bucket: Sendable, Codable, Equatable {
        /// The span's start, in seconds since the Unix epoch (a multiple of `bucketSeconds`).
        public var second: Int64
        public var count: Int
        public var first: Timestamp
        public var last: Timestamp
        /// The 1-based line of its first record.
        public var line: Int
    }

    public init() {}

    public var isEmpty: Bool { templates.isEmpty && recordsLeftOut == 0 }

    /// The bucket holding `time`.
    public static func bucket(of time: Timestamp) -> Int64 {
        time.nanoseconds.floorDivided(by: bucketSeconds * 1_000_000_000).0 * bucketSeconds
    }
}
