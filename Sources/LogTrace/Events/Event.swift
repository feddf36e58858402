/// A matched log record: what happened, when, to which service, and the file and line that say so.
///
/// A class, so that the many lists correlation sorts, groups and windows events into share one copy of
/// each event (8 bytes a reference) rather than copying it; immutable, so sharing is safe. Held in 56
/// bytes (64 with the allocator's): what every event of a file shares (service, pod, path) is one
/// `EventOrigin`, what many events share (pattern, kind, level, fields, excerpt) one `EventTraits`,
/// and the event holds one `EventTemplate` pairing the two; itself it keeps its time, line, flags and
/// content hash.
public final class Event: Sendable, Codable, Equatable {
    /// The record's ordering time (envelope timestamp, else the application's, else the previous record's).
    public let time: Timestamp
    /// The application's own timestamp in nanoseconds, when `hasAppTime`.
    private let appNanoseconds: Int64
    /// The line in the low 56 bits, the flags above.
    private let packed: UInt64
    private let hash: UInt64
    /// Its origin and traits, shared with the events of its file that say the same.
    public let template: EventTemplate

    private static let lineMask: UInt64 = (1 << 56) - 1
    private static let inheritedFlag: UInt64 = 1 << 56
    private static let untimedFlag: UInt64 = 1 << 57
    private static let appTimeFlag: UInt64 = 1 << 58
    private static let hashFlag: UInt64 = 1 << 59

    /// The event, its shared parts given: how the scanner makes them.
    public init(time: Timestamp, appTime: Timestamp?, template: EventTemplate, line: Int,
                timeInherited: Bool, untimed: Bool, contentHash: ContentHash?) {
        self.time = time
        self.appNanoseconds = appTime?.nanoseconds ?? 0
        var packed = UInt64(clamping: line) & Self.lineMask
        if timeInherited { packed |= Self.inheritedFlag }
        if untimed { packed |= Self.untimedFlag }
        if appTime != nil { packed |= Self.appTimeFlag }
        if contentHash != nil { packed |= Self.hashFlag }
        self.packed = packed
        self.hash = contentHash?.value ?? 0
        self.template = template
    }

    public convenience init(time: Timestamp, appTime: Timestamp?, kind: EventKind, patternID: String, service: String, pod: String,
                            file: String, line: Int, level: String?, fields: EventFields, excerpt: String,
                            timeInherited: Bool, untimed: Bool, fate: DeliveryFate? = nil, contentHash: ContentHash? = nil) {
        let origin = EventOrigin(service: service, pod: pod, file: file)
        let traits = EventTraits(patternID: patternID, kind: kind, fate: fate, level: level, fields: fields, excerpt: excerpt)
        self.init(time: time, appTime: appTime, template: EventTemplate(origin: origin, traits: traits), line: line, timeInherited: timeInherited, untimed: untimed, contentHash: contentHash)
    }

    /// The service, pod and path the event was read from, shared with the other events of its file.
    public var origin: EventOrigin { template.origin }
    /// Pattern, kind, level, fields and excerpt, shared with every event that has the same.
    public var traits: EventTraits { template.traits }
    /// The application's own timestamp when it differs from `time` (kept, never used for ordering).
    public var appTime: Timestamp? { packed & Self.appTimeFlag != 0 ? Timestamp(nanoseconds: appNanoseconds) : nil }
    public var kind: EventKind { traits.kind }
    public var patternID: String { traits.patternID }
    public var service: String { origin.service }
    public var pod: String { origin.pod }
    /// The input path as given on the command line.
    public var file: String { origin.file }
    /// 1-based first physical line of the record in the decompressed file.
    public var line: Int { Int(packed & Self.lineMask) }
    public var level: String? { traits.level }
    /// Named groups the pattern captured (`client`, `topic`, `count`, ...).
    public var fields: EventFields { traits.fields }
    /// The text the pattern matched (capped), UTF-8 repaired; empty when the scan was told not to keep it.
    public var excerpt: String { traits.excerpt }
    /// True when the record had no timestamp of its own and took the previous record's.
    public var timeInherited: Bool { packed & Self.inheritedFlag != 0 }
    /// True when neither the record nor any record before it in the file had a timestamp: `time` is
    /// meaningless, and the event stays off the timeline.
    public var untimed: Bool { packed & Self.untimedFlag != 0 }
    /// What the matched entry says the error means for the record (`fate:`, `in_flight:`), if it says.
    public var fate: DeliveryFate? { traits.fate }
    /// The hash of the record's text, envelope removed (`ContentHash`): with `pod` and `time` it names the
    /// record, so that a copy of it in another file of the pod is counted once. Nil for an untimed event.
    /// A record yields at most one event, so the record's key is the event's.
    public var contentHash: ContentHash? { packed & Self.hashFlag != 0 ? ContentHash(value: hash) : nil }

    /// The same event with another template (stern: the line names its own pod).
    public func attributed(to template: EventTemplate) -> Event {
        Event(time: time, appTime: appTime, template: template, line: line, timeInherited: timeInherited,
              untimed: untimed, contentHash: contentHash)
    }

    /// The same event attributed to another service and pod.
    public func attributed(service: String, pod: String) -> Event {
        attributed(to: EventTemplate(origin: EventOrigin(service: service, pod: pod, file: file), traits: traits))
    }

    public static func == (a: Event, b: Event) -> Bool {
        a.time == b.time && a.appTime == b.appTime && a.line == b.line && a.packed == b.packed && a.hash == b.hash
            && (a.template === b.template || (a.origin == b.origin && a.traits == b.traits))
    }

    public var evidence: String { "\(file):\(line)" }

    /// Total order for deterministic reports: time, then file, line and pattern.
    public static func precedes(_ a: Event, _ b: Event) -> Bool {
        if a.time != b.time { return a.time < b.time }
        let same = a.template === b.template
        if !same && a.origin !== b.origin && a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        return !same && a.traits !== b.traits && a.patternID < b.patternID
    }

    /// `clientId` if printed, else the role.
    public var client: String? { fields["client"] }
    public var topicPartition: String? {
        guard let topic = fields["topic"] else { return nil }
        if let partition = fields["partition"] { return "\(topic)-\(partition)" }
        return topic
    }
    public var recordCount: Int? { fields["count"].flatMap { Int($0) } }

    private enum CodingKeys: String, CodingKey {
        case time, appTime, kind, patternID, service, pod, file, line, level, fields, excerpt, timeInherited, untimed, fate, contentHash
    }

    public convenience init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(time: try c.decode(Timestamp.self, forKey: .time), appTime: try c.decodeIfPresent(Timestamp.self, forKey: .appTime),
                  kind: try c.decode(EventKind.self, forKey: .kind), patternID: try c.decode(String.self, forKey: .patternID),
                  service: try c.decode(String.self, forKey: .service), pod: try c.decode(String.self, forKey: .pod),
                  file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line),
                  level: try c.decodeIfPresent(String.self, forKey: .level), fields: try c.decode(EventFields.self, forKey: .fields),
                  excerpt: try c.decode(String.self, forKey: .excerpt), timeInherited: try c.decode(Bool.self, forKey: .timeInherited),
                  untimed: try c.decode(Bool.self, forKey: .untimed), fate: try c.decodeIfPresent(DeliveryFate.self, forKey: .fate),
                  contentHash: try c.decodeIfPresent(ContentHash.self, forKey: .contentHash))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(time, forKey: .time)
        try c.encodeIfPresent(appTime, forKey: .appTime)
        try c.encode(kind, forKey: .kind)
        try c.encode(patternID, forKey: .patternID)
        try c.encode(service, forKey: .service)
        try c.encode(pod, forKey: .pod)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encodeIfPresent(level, forKey: .level)
        try c.encode(fields, forKey: .fields)
        try c.encode(excerpt, forKey: .excerpt)
        try c.encode(timeInherited, forKey: .timeInherited)
        try c.encode(untimed, forKey: .untimed)
        try c.encodeIfPresent(fate, forKey: .fate)
        try c.encodeIfPresent(contentHash, forKey: .contentHash)
    }
}
