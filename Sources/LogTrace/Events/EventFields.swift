/// The named groups a pattern captured (`client`, `topic`, `count`, ...), kept compactly: the names are
/// the pattern's own list, shared by all of its events, and each event holds only its values (a
/// dictionary per event cost about 330 bytes; this costs 32 plus 16 per group, once per distinct set of
/// values, as `EventTraits` are shared). Reads and encodes as a `[String: String]`.
public struct EventFields: Sendable, Equatable, Codable, Sequence, ExpressibleByDictionaryLiteral {
    let names: [String]
    let values: [String?]

    /// `values[i]` is the capture of `names[i]`, nil when the group did not take part in the match.
    init(names: [String], values: [String?]) {
        precondition(names.count == values.count)
        self.names = names
        self.values = values
    }

    public init(_ dictionary: [String: String]) {
        let names = dictionary.keys.sorted()
        self.init(names: names, values: names.map { dictionary[$0] })
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The field a `logs_failed_sends: true` entry sets to "true" (a name no regex group can take).
    public static let logsFailedSends = "logs-failed-sends"
    /// The field a `connect_only: true` entry sets to "true": the line proves a TCP connection, not an answer.
    public static let connectOnly = "connect-only"

    public subscript(name: String) -> String? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return values[index]
    }

    public var dictionary: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in self { result[name] = value }
        return result
    }

    public func makeIterator() -> AnyIterator<(key: String, value: String)> {
        var index = 0
        return AnyIterator {
            while index < names.count {
                defer { index += 1 }
                if let value = values[index] { return (names[index], value) }
            }
            return nil
        }
    }

    public static func == (a: EventFields, b: EventFields) -> Bool { a.dictionary == b.dictionary }

    /// The same names in the same order with the same values: equality without building dictionaries,
    /// for fields made by one pattern.
    func identical(to other: EventFields) -> Bool { names == other.names && values == other.values }

    public init(from decoder: Decoder) throws {
        self.init(try [String: String](from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        try dictionary.encode(to: encoder)
    }
}
