/// One entry of a pattern file, as written: what to look for and what it means.
public struct PatternDefinition: Sendable {
    public var id: String
    public var kind: EventKind
    public var regex: String
    /// Prefilter literals: a record is a candidate when it holds any of them. Empty: derive one.
    public var literals: [String]
    public var samples: [String]
    public var nearMisses: [String]
    /// `quoted: true`: the entry matches a library's error text as an application quotes it in its own
    /// words. Tried after every other entry, and only on WARN/ERROR records or records with no level.
    public var quoted = false
    /// `fate:` on loss kinds, what the error means for the record; `in_flight: true` on a
    /// `request_timeout` entry gives `.unknown` (the request was in flight).
    public var fate: DeliveryFate?
    /// `role: Producer` or `role: Consumer`: the wording is printed only by that kind of client, so the
    /// event's `role` field says so when the regex captures none. It tells which services produce.
    public var role: String?
    /// `logs_failed_sends: true` on a `client_role` entry: the library itself logs every record or batch
    /// it gives up on, so a service printing this line and no failed send lost nothing it could see.
    public var logsFailedSends = false
    /// `connect_only: true` on a `reconnected` entry: the line says only that a TCP connection was made
    /// (kafka-python 2.x's `Connection complete.`, Sarama's `Connected to broker`). A frozen broker's
    /// kernel still completes the handshake, so after a request timed out such a line is no recovery.
    public var connectOnly = false

    /// The fields the entry's own keys give its events, where the regex captures none.
    var constantFields: [(name: String, value: String)] {
        (role.map { [("role", $0)] } ?? []) + (logsFailedSends ? [(EventFields.logsFailedSends, "true")] : [])
            + (connectOnly ? [(EventFields.connectOnly, "true")] : [])
    }
    /// Where the entry was read from, for error messages and `--explain`.
    public var file: String
    public var line: Int
}
