import Glibc

/// Finds the event in a record, if any: the literals found in the record (by the block-wide search in
/// `LiteralHits`, or here with memmem when the record's are not known) decide which patterns can match,
/// PCRE2 runs only for those, and a `String` is made only when one matched. One per worker.
public final class EventMatcher {
    /// Counters for the input summary.
    public struct Counters: Sendable, Equatable {
        /// Records on which a pattern hit PCRE2's match, depth or heap limit, by pattern id.
        public var limitExceeded: [String: Int] = [:]
    }

    public let patterns: PatternSet
    public private(set) var counters = Counters()
    private let matcher: PCRE2Matcher
    private let parser: TimestampParser
    private var literalPresent: [Bool]
    /// Per pattern: its distinct group names, and for each of its named groups the name's position.
    private let fieldNames: [[String]]
    private let fieldSlots: [[Int]]
    /// Per pattern: the fields its entry sets itself (`role:`, `logs_failed_sends:`), where no group did.
    private let constantFields: [[(slot: Int, value: String)]]
    private let everyPatternHasALiteral: Bool
    /// Per pattern: the `LiteralMask` bits of its literals, and whether it has any.
    private let literalBits: [UInt64]
    private let hasLiterals: [Bool]
    /// Longest excerpt kept from a matched record.
    public static let excerptLimit = 160
    /// Captured texts seen before, so that the thousands of events naming the same client, group or
    /// broker address share one copy of each; emptied when it holds `internLimit`.
    private var interned = Set<String>()
    static let internLimit = 1 << 16
    /// Pattern, level, fields and excerpt seen before, shared by the events that have the same.
    private let traits = EventTraits.Interner(limit: internLimit)
    private let templates = EventTemplate.Interner(limit: internLimit)
    /// Whether events keep the text the pattern matched (`Event.excerpt`): only the event export and
    /// partials print it, and a distinct excerpt per event costs its bytes.
    public let keepExcerpts: Bool
    /// The excerpt of the last event made, whose bytes the next one's are compared with.
    private var lastExcerpt = ""

    public init(patterns: PatternSet, timestampParser: TimestampParser = TimestampParser(), keepExcerpts: Bool = true) {
        self.patterns = patterns
        self.keepExcerpts = keepExcerpts
        self.matcher = PCRE2Matcher()
        self.parser = timestampParser
        self.literalPresent = Array(repeating: false, count: patterns.literals.count)
        var fieldNames: [[String]] = []
        var fieldSlots: [[Int]] = []
        var constantFields: [[(slot: Int, value: String)]] = []
        for pattern in patterns.patterns {
            var names: [String] = []
            fieldSlots.append(pattern.regex.groupNames.map { group in
                if let known = names.firstIndex(of: group.name) { return known }
                names.append(group.name)
                return names.count - 1
            })
            var constants: [(slot: Int, value: String)] = []
            for (name, value) in pattern.definition.constantFields {
                if !names.contains(name) { names.append(name) }
                constants.append((names.firstIndex(of: name)!, value))
            }
            constantFields.append(constants)
            fieldNames.append(names)
        }
        self.fieldNames = fieldNames
        self.fieldSlots = fieldSlots
        self.constantFields = constantFields
        self.everyPatternHasALiteral = patterns.everyPatternHasALiteral
        self.hasLiterals = patterns.patterns.map { !$0.literalIndices.isEmpty }
        self.literalBits = patterns.patterns.map { pattern in
            pattern.literalIndices.reduce(0) { $0 | LiteralMask(literal: $1).bits }
        }
    }

    /// The event `record` holds, or nil. `service`, `pod` and `file` label it.
    public func match(_ record: RecordView, service: String, pod: String, file: String) -> Event? {
        match(record, origin: EventOrigin(service: service, pod: pod, file: file))
    }

    /// The event `record` holds, or nil, labelled with `origin` (one per file, shared by its events).
    public func match(_ record: RecordView, origin: EventOrigin) -> Event? {
        var anyLiteral = false
        // With the block-wide search's mask alone, a pattern may match when its literals' bits meet the
        // mask's: the same test as literal by literal below, one AND a pattern.
        var maskBits: UInt64?
        if let mask = record.literalMask, !record.literalMaskFromEscapedText {
            maskBits = mask.bits
            anyLiteral = !mask.isEmpty
        } else if let mask = record.literalMask {
            for i in literalPresent.indices { literalPresent[i] = mask.mayHold(literal: i) }
            anyLiteral = !mask.isEmpty
            if record.literalMaskFromEscapedText {
                for i in patterns.escapableLiterals {
                    literalPresent[i] = PatternSet.contains(record.text, patterns.literals[i])
                    anyLiteral = anyLiteral || literalPresent[i]
                }
            }
        } else {
            for (i, literal) in patterns.literals.enumerated() {
                let present = PatternSet.contains(record.text, literal)
                literalPresent[i] = present
                anyLiteral = anyLiteral || present
            }
        }
        if !anyLiteral && everyPatternHasALiteral { return nil }
        let compiled = patterns.patterns
        for index in compiled.indices {
            // Per-pattern arrays of the matcher's own first: a pattern is copied only when it may match.
            if hasLiterals[index] {
                if let maskBits {
                    if maskBits & literalBits[index] == 0 { continue }
                } else if !compiled[index].literalIndices.contains(where: { literalPresent[$0] }) {
                    continue
                }
            }
            let pattern = compiled[index]
            if pattern.definition.quoted && !Self.mayQuoteAFailure(record.level) { continue }
            switch matcher.match(pattern.regex, in: record.text) {
            case .noMatch, .error:
                continue
            case .limitExceeded:
                counters.limitExceeded[pattern.definition.id, default: 0] += 1
                continue
            case .match:
                return makeEvent(pattern, index, record, origin: origin)
            }
        }
        return nil
    }

    private func makeEvent(_ pattern: PatternSet.Compiled, _ index: Int, _ record: RecordView, origin: EventOrigin) -> Event {
        // A name used by two groups (PCRE2's (?J)) takes the capture of the last group that took part.
        var values = [String?](repeating: nil, count: fieldNames[index].count)
        for (group, slot) in zip(pattern.regex.groupNames, fieldSlots[index]) {
            if let range = matcher.range(ofGroup: group.number) {
                values[slot] = intern(UnsafeRawBufferPointer(rebasing: record.text[range]))
            }
        }
        for (slot, value) in constantFields[index] where values[slot] == nil { values[slot] = value }
        let fields = EventFields(names: fieldNames[index], values: values)
        var excerpt = ""
        if keepExcerpts {
            let whole = matcher.range(ofGroup: 0) ?? 0..<0
            let excerptEnd = min(whole.upperBound, whole.lowerBound + Self.excerptLimit)
            let bytes = UnsafeRawBufferPointer(rebasing: record.text[whole.lowerBound..<excerptEnd])
            // Runs of records match the same text: the last excerpt is shared, not made again.
            if !lastExcerpt.withUTF8({ $0.count == bytes.count && (bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0) }) {
                lastExcerpt = Self.text(bytes)
            }
            excerpt = lastExcerpt
        }
        let parsed = record.orderingTimestamp.flatMap { parser.parse($0)?.0 }
        let stamp = parsed ?? Timestamp(nanoseconds: 0)
        var appTime = record.appTimestamp.flatMap { parser.parse($0)?.0 }
        if appTime == stamp { appTime = nil }
        let traits = self.traits.intern(patternID: pattern.definition.id, kind: pattern.definition.kind, fate: pattern.definition.fate,
                                        level: record.level.map(Self.levelName), fields: fields, excerpt: excerpt)
        return Event(time: stamp, appTime: appTime, template: templates.template(origin, traits), line: record.firstLine,
                     timeInherited: record.envelopeTimestamp == nil && record.appTimestamp == nil, untimed: parsed == nil,
                     contentHash: parsed == nil ? nil : ContentHash(of: record.text))
    }

    /// `event` read from `origin` instead (stern: the line names its own pod), sharing a template as
    /// the events this matcher makes do.
    public func attributed(_ event: Event, to origin: EventOrigin) -> Event {
        event.attributed(to: templates.template(origin, event.traits))
    }

    /// True when a record at `level` can be an application's failure line: WARN and worse, or no level.
    static func mayQuoteAFailure(_ level: UnsafeRawBufferPointer?) -> Bool {
        guard let level else { return true }
        return ["WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "SEVERE", "ALERT", "EMERG", "PANIC"].contains(levelName(level))
    }

    /// The level as a word: syslog numbers (librdkafka's `%3|`) become names.
    static func levelName(_ bytes: UnsafeRawBufferPointer) -> String {
        if bytes.count == 1, let digit = bytes.first, digit >= 0x30, digit <= 0x37 {
            return ["EMERG", "ALERT", "CRIT", "ERROR", "WARN", "NOTICE", "INFO", "DEBUG"][Int(digit - 0x30)]
        }
        return text(bytes).uppercased()
    }

    /// `text(bytes)`, sharing the storage of an equal string made before. Strings of up to 15 bytes are
    /// stored inline by Swift and need no sharing.
    private func intern(_ bytes: UnsafeRawBufferPointer) -> String {
        let string = Self.text(bytes)
        guard bytes.count > 15 else { return string }
        if interned.count >= Self.internLimit { interned.removeAll(keepingCapacity: true) }
        return interned.insert(string).memberAfterInsert
    }

    /// UTF-8 text from bytes, invalid sequences replaced with U+FFFD.
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
