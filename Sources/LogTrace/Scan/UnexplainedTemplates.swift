/// One file's WARN/ERROR records that no pattern matched, as `LineTemplate`s: per template its count,
/// first and last time, first line, and the same per bucket of time (10 s, widened 4-fold whenever the
/// file's `bucketLimit` buckets are used up), so that a report can count only the occurrences inside an
/// incident's window. Bounded: at most `templateLimit` templates per file; records of more are counted.
/// Carried in `FileSummary`.
public struct UnexplainedTemplates: Sendable, Codable, Equatable {
    /// The most templates one file keeps; records of later new templates are only counted.
    public static let templateLimit = 256
    /// The most buckets one file keeps over all its templates; past it, buckets are widened.
    public static let bucketLimit = 2048
    /// The width of a time bucket until the file has used up `bucketLimit`.
    public static let firstBucketSeconds: Int64 = 10

    /// Sorted by service, then text: the order does not depend on the order records came in.
    public var templates: [Template] = []
    /// Records whose template found no room (past `templateLimit`): counted, not kept.
    public var recordsLeftOut = 0
    /// This file's bucket width: `firstBucketSeconds` times a power of 4.
    public var bucketSeconds = UnexplainedTemplates.firstBucketSeconds

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
    }

    /// The records of one template within one span of `bucketSeconds`.
    public struct Bucket: Sendable, Codable, Equatable {
        /// The span's start, in seconds since the Unix epoch (a multiple of the file's `bucketSeconds`).
        public var second: Int64
        public var count: Int
        public var first: Timestamp
        public var last: Timestamp
        /// The 1-based line of its first record.
        public var line: Int
    }

    public init() {}

    public var isEmpty: Bool { templates.isEmpty && recordsLeftOut == 0 }

    /// The start of the `width`-second bucket holding `time`.
    public static func bucket(of time: Timestamp, width: Int64) -> Int64 {
        time.nanoseconds.floorDivided(by: width * 1_000_000_000).0 * width
    }
}
