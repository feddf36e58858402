/// Where events were read: the service and pod they belong to and the input path. One per file (and
/// per pod a stern file names), shared by all of its events, so an event holds one reference, not
/// three strings.
public final class EventOrigin: Sendable, Equatable {
    public let service: String
    public let pod: String
    /// The input path as given on the command line.
    public let file: String

    public init(service: String, pod: String, file: String) {
        self.service = service
        self.pod = pod
        self.file = file
    }

    public static func == (a: EventOrigin, b: EventOrigin) -> Bool {
        a === b || (a.file == b.file && a.service == b.service && a.pod == b.pod)
    }
}
