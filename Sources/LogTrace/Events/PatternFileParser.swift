import Yams

/// Reads the YAML pattern files described in patterns/README.md into `PatternDefinition`s, with the
/// line of each entry so errors can point at it.
public enum PatternFileParser {
    public static func parse(yaml: String, file: String) throws(PatternError) -> [PatternDefinition] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw PatternError(file: file, line: nil, entry: nil, message: "not valid YAML: \(error)")
        } catch {
            throw PatternError(file: file, line: nil, entry: nil, message: "not valid YAML: \(error)")
        }
        guard let root, case .mapping = root else {
            throw PatternError(file: file, line: 1, entry: nil, message: "expected a mapping with 'pack' and 'patterns'")
        }
        guard let entries = root["patterns"], let sequence = entries.sequence else {
            throw PatternError(file: file, line: root.mark?.line, entry: nil, message: "missing 'patterns:' list")
        }
        var definitions: [PatternDefinition] = []
        // Where each id was first seen: within one file an id is unique (a repeat would silently replace
        // the first entry); across files the later entry overriding by id is the feature (PatternSet).
        var seen: [String: Int] = [:]
        for node in sequence {
            let line = node.mark?.line ?? 0
            guard case .mapping = node else {
                throw PatternError(file: file, line: line, entry: nil, message: "each pattern must be a mapping")
            }
            let entry = Self.keys(of: node)
            guard let id = entry["id"]?.string, !id.isEmpty else {
                throw PatternError(file: file, line: line, entry: nil, message: "pattern has no 'id'")
            }
            let idLine = entry["id"]?.mark?.line ?? line
            if let first = seen[id] {
                throw PatternError(file: file, line: idLine, entry: id,
                                   message: "duplicate id in this file (first at line \(first)); ids are unique within a file, a later file's entry overrides by id")
            }
            seen[id] = idLine
            guard let kindName = entry["kind"]?.string else {
                throw PatternError(file: file, line: line, entry: id, message: "missing 'kind'")
            }
            guard let kind = EventKind(rawValue: kindName) else {
                let known = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw PatternError(file: file, line: entry["kind"]?.mark?.line ?? line, entry: id,
                                   message: "unknown kind '\(kindName)' (known: \(known))")
            }
            if kind.isDerived {
                throw PatternError(file: file, line: entry["kind"]?.mark?.line ?? line, entry: id,
                                   message: "kind '\(kindName)' is derived by logtrace from other events, not matched by a pattern")
            }
            guard let regex = entry["regex"]?.string, !regex.isEmpty else {
                throw PatternError(file: file, line: line, entry: id, message: "missing 'regex'")
            }
            // `literal` is one string, or a list when the regex has alternatives with no common text.
            let literals: [String]
            if let list = entry["literal"]?.sequence {
                literals = list.compactMap(\.string)
                if literals.count != list.count || literals.contains(where: \.isEmpty) {
                    throw PatternError(file: file, line: entry["literal"]?.mark?.line ?? line, entry: id,
                                       message: "'literal' must be a string or a list of non-empty strings")
                }
            } else {
                literals = entry["literal"]?.string.map { $0.isEmpty ? [] : [$0] } ?? []
            }
            let samples = try strings(entry["samples"], file: file, entry: id)
            let nearMisses = try strings(entry["near_misses"], file: file, entry: id)
            var definition = PatternDefinition(id: id, kind: kind, regex: regex, literals: literals,
                                               samples: samples, nearMisses: nearMisses,
                                               file: file, line: entry["regex"]?.mark?.line ?? line)
            definition.quoted = try flag(entry, "quoted", file: file, entry: id, allowed: kind.losesRecords, on: "delivery_failed and batch_expired")
            if try flag(entry, "in_flight", file: file, entry: id, allowed: kind == .requestTimeout, on: "request_timeout") {
                definition.fate = .unknown
            }
            if let fateNode = entry["fate"] {
                guard kind.losesRecords else {
                    throw PatternError(file: file, line: fateNode.mark?.line ?? line, entry: id, message: "'fate' goes on delivery_failed and batch_expired entries")
                }
                guard let name = fateNode.string, let fate = DeliveryFate(rawValue: name) else {
                    let known = DeliveryFate.allCases.map(\.rawValue).joined(separator: ", ")
                    throw PatternError(file: file, line: fateNode.mark?.line ?? line, entry: id, message: "unknown fate (known: \(known))")
                }
                definition.fate = fate
            }
            if let roleNode = entry["role"] {
                guard let role = roleNode.string, Self.roles.contains(role) else {
                    throw PatternError(file: file, line: roleNode.mark?.line ?? line, entry: id,
                                       message: "'role' must be one of \(Self.roles.joined(separator: ", "))")
                }
                definition.role = role
            }
            definition.logsFailedSends = try flag(entry, "logs_failed_sends", file: file, entry: id, allowed: kind == .clientRole, on: "client_role")
            definition.connectOnly = try flag(entry, "connect_only", file: file, entry: id, allowed: kind == .reconnected, on: "reconnected")
            if kind == .clientRole && definition.role == nil && !regex.contains("(?<role>") {
                throw PatternError(file: file, line: line, entry: id, message: "a client_role entry needs a 'role' key or a (?<role>...) group")
            }
            definitions.append(definition)
        }
        return definitions
    }

    /// The values of an entry's `role` key, as the Java client prints them.
    static let roles = ["Producer", "Consumer"]

    /// A mapping's values by key (the last of a repeated key, as Yams's `node["key"]` gives), read once:
    /// `node["key"]` compares the wanted key with each one, resolving both tags by regular expression,
    /// which took 0.3 s for 3,000 entries.
    private static func keys(of node: Node) -> [String: Node] {
        guard let mapping = node.mapping else { return [:] }
        return Dictionary(mapping.compactMap { pair in pair.key.scalar.map { ($0.string, pair.value) } }, uniquingKeysWith: { _, last in last })
    }

    /// A yes/no key: absent is false; present only where `allowed`.
    private static func flag(_ node: [String: Node], _ key: String, file: String, entry: String, allowed: Bool, on kinds: String) throws(PatternError) -> Bool {
        guard let value = node[key] else { return false }
        guard let bool = value.bool else {
            throw PatternError(file: file, line: value.mark?.line, entry: entry, message: "'\(key)' must be true or false")
        }
        if bool && !allowed {
            throw PatternError(file: file, line: value.mark?.line, entry: entry, message: "'\(key)' goes on \(kinds) entries")
        }
        return bool
    }

    private static func strings(_ node: Node?, file: String, entry: String) throws(PatternError) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            throw PatternError(file: file, line: node.mark?.line, entry: entry, message: "expected a list of strings")
        }
        return sequence.compactMap(\.string)
    }
}
