/// Why an input could not be read, or could only be read in part.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case notFound = "not found"
        case isDirectory = "is a directory"
        case permissionDenied = "permission denied"
        case readFailed = "read failed"
        case corruptGzip = "corrupt gzip data"
        case truncatedGzip = "truncated gzip data"
        case unsupportedFormat = "not a format logtrace reads"
        case truncatedWhileReading = "truncated while being read"
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

extension InputError: Codable {
    enum CodingKeys: String, CodingKey { case kind, detail }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Kind.self, forKey: .kind), try c.decode(String.self, forKey: .detail))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(detail, forKey: .detail)
    }
}
