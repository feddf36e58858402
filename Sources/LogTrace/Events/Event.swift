/// A matched log record: what happened, when, to which service, and the file and line that say so.
///
/// A class, so that the many lists correlation sorts, groups and windows events into share one copy of
/// each event (8 bytes a reference) rather than copying it (about 200 bytes); immutable, so sharing is safe.
public final class Event: Sendable, Codable, Equatable {
    /// The record's ordering time (envelope timestamp, else the application's, else the previous record's).
    public let time: Timestamp
    /// The application's own timestamp when it differs from `time` (kept, never used for ordering).
    public let appTime: Timestamp?
    public let kind: EventKind
    public let patternID: String
    public let service: String
    public let pod: String
    /// The input path as given on the command line.
    public let file: String
    /// 1-based first physical line of the record in the decompressed file.
    public let line: Int
    public let level: String?
    /// Named groups the pattern captured (`client`, `topic`, `count`, ...).
    public let fields: EventFields
    /// The text the pattern matched (capped), UTF-8 repaired.
    public let excerpt: String
    /// True when the record had no timestamp of its own and took the previous record's.
    public let timeInherited: Bool
    /// True when neither the record nor any record before it in the file had a timestamp: `time` is
    /// meaningless, and the event stays off the timeline.
    public let untimed: Bool
    /// What the matched entry says the error means for the record (`fate:`, `in_flight:`), if it says.
    public let fate: DeliveryFate?
    /// The hash of the record's text, envelope removed (`ContentHash`): with `pod` and `time` it names the
    /// record, so that a copy of it in another file of the pod is counted once. Nil for an untimed event.
    /// A record yields at most one event, so the record's key is the event's.
    public let contentHash: ContentHash?

    public init(time: Timestamp, appTime: Timestamp?, kind: EventKind, patternID: String, service: String, pod: String,
                file: String, line: Int, level: String?, fields: EventFields, excerpt: String,
                timeInherited: Bool, untimed: Bool, fate: DeliveryFate? = nil, contentHash: ContentHash? = nil) {
        self.time = time
        self.appTime = appTime
        self.kind = kind
        self.patternID = patternID
        self.service = service
        self.pod = pod
        self.file = file
        self.line = line
        self.level = level
        self.fields = fields
        self.excerpt = excerpt
        self.timeInherited = timeInherited
        self.untimed = untimed
        self.fate = fate
        self.contentHash = contentHash
    }

    /// The same event attributed to another service and pod (stern: the line names its own pod).
    public func attributed(service: String, pod: String) -> Event {
        Event(time: time, appTime: appTime, kind: kind, patternID: patternID, service: service, pod: pod, file: file,
              line: line, level: level, fields: fields, excerpt: excerpt, timeInherited: timeInherited, untimed: untimed,
              fate: fate, contentHash: contentHash)
    }

    public static func == (a: Event, b: Event) -> Bool {
        a.time == b.time && a.appTime == b.appTime && a.kind == b.kind && a.patternID == b.patternID
            && a.service == b.service && a.pod == b.pod && a.file == b.file && a.line == b.line && a.level == b.level
            && a.fields == b.fields && a.excerpt == b.excerpt && a.timeInherited == b.timeInherited && a.untimed == b.untimed
            && a.fate == b.fate && a.contentHash == b.contentHash
    }

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
