import Foundation

/// Replaces the values a report should not carry when it is shared (`--redact`): IP addresses, host
/// names, e-mail addresses, long hex and base64 ids, tokens, and whatever the user's own regexes match,
/// in every event's text and captures, before correlation, so the report, the JSON and the events file
/// all show the same token for the same value (`[ip-1]`, `[host-2]`). Pod, service and topic names stay.
///
/// Tokens are numbered in the order values are first seen, which the events' total order fixes: the same
/// inputs and options give the same tokens.
public final class EventRedactor: @unchecked Sendable {
    /// A value shape and the token prefix it gets. The shapes, most specific first.
    static let shapes: [(kind: String, pattern: String)] = [
        ("email", #"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"#),
        ("token", #"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#),
        ("id", #"(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])"#),
        ("ip", #"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.])"#),
        ("ip", #"(?<![\w:.])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])|(?<![\w:.])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?(?![\w:])|(?<![\w:])::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4}(?![\w:])"#),
        // A name with a domain people use, or any lower-case dotted name before a port (kafka-0.kafka-headless:9092).
        ("host", #"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:com|net|org|io|dev|app|cloud|local|localdomain|internal|lan|corp|svc|[a-z]{2})(?![\w.-])"#),
        ("host", #"(?<![\w.-])(?=[a-z0-9.-]*[a-z])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?=:\d{2,5}(?!\d))"#),
        ("id", #"(?<![\w])[0-9a-fA-F]{16,}(?![\w])"#),
        ("token", #"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])"#),
    ]

    /// Names that tell nothing about anyone's network, kept as they are.
    static let harmless: Set<String> = ["localhost", "127.0.0.1", "::1", "0.0.0.0"]

    /// The fields whose values are Kafka's own names and numbers, kept as they are.
    static let keptFields: Set<String> = ["topic", "partition", "count", "offset", "group", "role", "elapsed_ms", "node", EventFields.logsFailedSends, EventFields.connectOnly]

    private let rules: [(kind: String, regex: PCRE2Regex)]
    private let matcher = PCRE2Matcher()
    private let lock = NSLock()
    private var tokens: [String: String] = [:]
    private var counts: [String: Int] = [:]
    private var kept: Set<String> = EventRedactor.harmless
    /// The values user patterns found, replaced wherever they appear.
    private var userValues: Set<String> = []

    /// A `--redact-pattern` that PCRE2 cannot compile.
    public struct InvalidPattern: Error, Sendable, CustomStringConvertible {
        public var pattern: String
        public var message: String
        public var description: String { "--redact-pattern '\(pattern)': \(message)" }
    }

    /// `userPatterns` (`--redact-pattern`) come first: each match (its `value` group, if it has one) is a
    /// `redacted` value. A pattern that does not compile throws, naming it.
    public init(userPatterns: [String] = []) throws(InvalidPattern) {
        var rules: [(String, PCRE2Regex)] = []
        for pattern in userPatterns {
            do {
                rules.append(("redacted", try PCRE2Regex(pattern)))
            } catch {
                throw InvalidPattern(pattern: pattern, message: "\(error.message) at offset \(error.offset)")
            }
        }
        for shape in Self.shapes { rules.append((shape.kind, try! PCRE2Regex(shape.pattern))) }
        self.rules = rules
    }

    /// `events` with their values replaced; the names of the services, pods and topics among them stay.
    /// A value a user pattern found anywhere is replaced everywhere, also where its context is missing
    /// (a client id the pattern finds after `clientId=` is the same token as the bare `client` field).
    public func redact(_ events: [Event]) -> [Event] {
        lock.lock()
        defer { lock.unlock() }
        for event in events {
            kept.insert(event.service)
            kept.insert(event.pod)
            if let topic = event.fields["topic"] { kept.insert(topic) }
        }
        for event in events {
            _ = redact(event.excerpt)
            for (name, value) in event.fields where !Self.keptFields.contains(name) { _ = redact(value) }
        }
        let found = userValues.sorted { ($0.count, $0) > ($1.count, $1) }
        func everywhere(_ text: String) -> String {
            found.reduce(redact(text)) { text, value in text.contains(value) ? text.replacingOccurrences(of: value, with: tokens[value]!) : text }
        }
        return events.map { event in
            var fields: [String: String] = [:]
            for (name, value) in event.fields {
                fields[name] = Self.keptFields.contains(name) ? value : tokens[value] ?? everywhere(value)
            }
            return Event(time: event.time, appTime: event.appTime, kind: event.kind, patternID: event.patternID, service: event.service,
                         pod: event.pod, file: event.file, line: event.line, level: event.level, fields: EventFields(fields),
                         excerpt: everywhere(event.excerpt), timeInherited: event.timeInherited, untimed: event.untimed,
                         fate: event.fate, contentHash: event.contentHash)
        }
    }

    /// `text` with every value a rule matches replaced by its token.
    public func redacting(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        return redact(text)
    }

    private func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for rule in rules {
            var out: [UInt8] = []
            var cursor = 0, from = 0, changed = false
            while from <= bytes.count, let range = find(rule.regex, in: bytes, from: from) {
                guard !range.isEmpty else { from = range.lowerBound + 1; continue }
                let value = String(decoding: bytes[range], as: UTF8.self)
                from = range.upperBound
                if kept.contains(value) { continue }
                out += bytes[cursor..<range.lowerBound]
                out += Array(token(for: value, kind: rule.kind).utf8)
                cursor = range.upperBound
                changed = true
            }
            if changed {
                out += bytes[cursor...]
                bytes = out
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The next match of `regex` in `bytes` from `from` on: its `value` group, if it has one, else all of it.
    private func find(_ regex: PCRE2Regex, in bytes: [UInt8], from: Int) -> Range<Int>? {
        bytes.withUnsafeBytes { buffer in
            guard case .match = matcher.match(regex, in: buffer, from: from) else { return nil }
            let value = regex.groupNames.first { $0.name == "value" }.flatMap { matcher.range(ofGroup: $0.number) }
            return value ?? matcher.range(ofGroup: 0)
        }
    }

    private func token(for value: String, kind: String) -> String {
        if let token = tokens[value] { return token }
        if kind == "redacted" { userValues.insert(value) }
        counts[kind, default: 0] += 1
        let token = "[\(kind)-\(counts[kind]!)]"
        tokens[value] = token
        return token
    }
}
