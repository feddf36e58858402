/// A matched log record: what happened, when, to which service, and the file and line that say so.
public struct Event: Sendable, Codable, Hashable {
    /// The record's ordering time (envelope timestamp, else the application's, else the previous record's).
    public var time: Timestamp
    /// The application's own timestamp when it differs from `time` (kept, never used for ordering).
    public var appTime: Timestamp?
    public var kind: EventKind
    public var patternID: String
    public var service: String
    public var pod: String
    /// The input path as given on the command line.
    public var file: String
    /// 1-based first physical line of the record in the decompressed file.
    public var line: Int
    public var level: String?
    /// Named groups the pattern captured (`client`, `topic`, `count`, ...).
    public var fields: [String: String]
    /// The text the pattern matched (capped), UTF-8 repaired.
    public var excerpt: String
    /// True when the record had no timestamp of its own and took the previous record's.
    public var timeInherited: Bool
    /// True when neither the record nor any record before it in the file had a timestamp: `time` is
    /// meaningless, and the event stays off the timeline.
    public var untimed: Bool

    public var evidence: String { "\(file):\(line)" }

    /// Total order for deterministic reports: time, then file, line and pattern.
    public static func precedes(_ a: Event, _ b: Event) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        return a.patternID < b.patternID
    }

    /// `clientId` if printed, else the role.
    public var client: String? { fields["client"] }
    public var topicPartition: String? {
        guard let topic = fields["topic"] else { return nil }
        if let partition = fields["partition"] { return "\(topic)-\(partition)" }
        return topic
    }
    public var recordCount: Int? { fields["count"].flatMap { Int($0) } }
}
