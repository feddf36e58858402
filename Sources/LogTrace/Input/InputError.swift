/// Why an input could not be read, or could only be read in part.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case notFound = "not found"
        case isDirectory = "is a directory"
        case permissionDenied = "permission denied"
        case readFailed = "read failed"
        case corruptGzip = "corrupt gzip data"
        case truncatedGzip = "truncated gzip data"
    }
    public var kind: Kind
    /// Human-readable detail, including where the input broke (compressed byte offset for gzip).
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}
