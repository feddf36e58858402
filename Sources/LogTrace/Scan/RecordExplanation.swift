/// How one record of a file was read, for `ingest --explain FILE`: where it starts, what timestamp
/// and level were found, and which pattern (if any) matched it.
public struct RecordExplanation: Sendable {
    public var firstLine: Int
    public var lineCount: Int
    public var envelopeTimestamp: String?
    public var appTimestamp: String?
    public var time: String?
    public var level: String?
    /// The record's first 160 bytes.
    public var text: String
    /// The pod the record's own line names (stern), when it names one.
    public var pod: String?
    public var event: Event?

    /// Explains `record`, which yielded `event`; `parser` reads its timestamps as the scan does.
    public init(_ record: RecordView, event: Event?, parser: TimestampParser) {
        func string(_ bytes: UnsafeRawBufferPointer?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
        let time = record.orderingTimestamp.flatMap { parser.parse($0)?.0.format(fractionDigits: 9) }
        firstLine = record.firstLine
        lineCount = record.lineCount
        envelopeTimestamp = string(record.envelopeTimestamp)
        appTimestamp = string(record.appTimestamp)
        self.time = time.map { record.inheritedTimestamp != nil ? $0 + " (inherited)" : $0 }
        level = string(record.level)
        text = String(decoding: UnsafeRawBufferPointer(rebasing: record.text.prefix(160)), as: UTF8.self)
        pod = string(record.pod)
        self.event = event
    }
}
