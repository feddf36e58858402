/// Two files of one pod that hold copies of the same records (a file and its gzip copy, the kubectl and
/// CRI copies, rotated files that overlap): `copy`'s events that `kept` holds too were dropped.
public struct FileOverlap: Sendable, Codable, Equatable {
    /// The file whose events were kept: the one first by path among those holding the record.
    public var kept: String
    /// The file whose copies were dropped.
    public var copy: String
    /// Events of `copy` dropped as copies of `kept`'s.
    public var events: Int
    /// The time of the first and last event dropped.
    public var firstTime: Timestamp
    public var lastTime: Timestamp

    public init(kept: String, copy: String, events: Int, firstTime: Timestamp, lastTime: Timestamp) {
        self.kept = kept
        self.copy = copy
        self.events = events
        self.firstTime = firstTime
        self.lastTime = lastTime
    }
}
