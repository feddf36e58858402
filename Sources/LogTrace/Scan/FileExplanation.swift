/// What `ingest --explain FILE` shows of one file: the format it was read in, the service and pod it
/// is attributed to, its first records as the scan read them, and the error that ended reading, if any.
public struct FileExplanation: Sendable {
    public var path: String
    public var service: String
    public var pod: String
    public var envelope: Envelope?
    public var layout: AppLayout?
    public var records: [RecordExplanation]
    public var error: InputError?

    public init(summary: FileSummary, records: [RecordExplanation]) {
        path = summary.path
        service = summary.service
        pod = summary.pod
        envelope = summary.envelope
        layout = summary.layout
        self.records = records
        error = summary.error
    }
}
