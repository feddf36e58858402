/// Every entry of a pattern set tried on one record's text, for pattern authors (`--explain FILE:LINE`,
/// `logtrace patterns test`): which entry wins, by the same rules as `EventMatcher` (entries in order,
/// a literal needed first, quoted entries only at WARN and worse), what each match captures, and why
/// the others do not match.
public struct PatternTrial: Sendable {
    /// What became of one entry on the record.
    public enum Outcome: Sendable, Equatable {
        /// The regex matched: its named groups' captures and the entry's own fields, by name.
        case matched(fields: [Field])
        /// None of the entry's literals is in the record, so its regex is not run.
        case literalAbsent
        /// A literal is there but the regex does not match: the near-miss a pattern author wants to see.
        case regexFailed(present: [String])
        /// A quoted library error is only looked for at WARN and worse (or no level); this record's level.
        case levelTooLow(String)
        /// PCRE2 stopped at its match, depth or heap limit.
        case limitExceeded
    }

    /// One captured (or constant) field of a match.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// One entry's result, with where the entry is written.
    public struct Entry: Sendable {
        public var id: String
        public var kind: EventKind
        public var file: String
        public var line: Int
        public var literals: [String]
        public var outcome: Outcome
    }

    /// Every entry, in the order they are tried.
    public var entries: [Entry]
    /// The index in `entries` of the entry whose event the scan takes (the first that matched).
    public var winner: Int?

    /// The entries whose literal is in the record but whose regex does not match it.
    public var nearMisses: [Entry] { entries.filter { if case .regexFailed = $0.outcome { return true } else { return false } } }

    /// Tries every entry of `patterns` on `text`, a record at `level`.
    public init(_ patterns: PatternSet, text: UnsafeRawBufferPointer, level: UnsafeRawBufferPointer?) {
        let matcher = PCRE2Matcher()
        let levelName = level.map(EventMatcher.levelName)
        entries = patterns.patterns.map { pattern in
            let d = pattern.definition
            let present = pattern.literals.filter { PatternSet.contains(text, $0) }.map { String(decoding: $0, as: UTF8.self) }
            var outcome: Outcome
            if !pattern.literals.isEmpty && present.isEmpty {
                outcome = .literalAbsent
            } else if d.quoted && !EventMatcher.mayQuoteAFailure(level) {
                outcome = .levelTooLow(levelName ?? "-")
            } else {
                switch matcher.match(pattern.regex, in: text) {
                case .match:
                    var fields: [Field] = []
                    for group in pattern.regex.groupNames {
                        guard let range = matcher.range(ofGroup: group.number) else { continue }
                        // A name used by two groups takes the capture of the last group that took part.
                        fields.removeAll { $0.name == group.name }
                        fields.append(Field(name: group.name, value: String(decoding: UnsafeRawBufferPointer(rebasing: text[range]), as: UTF8.self)))
                    }
                    for (name, value) in d.constantFields where !fields.contains(where: { $0.name == name }) {
                        fields.append(Field(name: name, value: value))
                    }
                    outcome = .matched(fields: fields)
                case .limitExceeded:
                    outcome = .limitExceeded
                case .noMatch, .error:
                    outcome = .regexFailed(present: present)
                }
            }
            return Entry(id: d.id, kind: d.kind, file: d.file, line: d.line, literals: pattern.literals.map { String(decoding: $0, as: UTF8.self) },
                         outcome: outcome)
        }
        winner = entries.firstIndex { if case .matched = $0.outcome { return true } else { return false } }
    }
}
