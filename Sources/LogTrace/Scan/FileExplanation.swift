/// What `ingest --explain FILE` shows of one file: the format it was read in, the service and pod it
/// is attributed to, its first records as the scan read them, and the error that ended reading, if any.
public struct FileExplanation: Sendable {
    public var path: String
    public var service: String
    public var pod: String
    /// The namespace and container a kubelet path names (`/var/log/pods/<ns>_<pod>_<uid>/<container>/`).
    public var namespace: String?
    public var container: String?
    public var envelope: Envelope?
    public var layout: AppLayout?
    public var records: [RecordExplanation]
    public var error: InputError?

    public init(summary: FileSummary, identity: PodIdentity, records: [RecordExplanation]) {
        path = summary.path
        service = summary.service
        pod = summary.pod
        namespace = identity.namespace
        container = identity.container
        envelope = summary.envelope
        layout = summary.layout
        self.records = records
        error = summary.error
    }
}
