import CByteSearch

/// How the application itself lays out a log line inside the envelope. The layout says where a record
/// starts (a header line) and where its timestamp and level are; lines that are not headers continue
/// the record before them (stack traces, `Caused by: ...`, Spring Boot's blank lines around a trace).
public enum AppLayout: String, Sendable, Codable, CaseIterable {
    /// Spring Boot's console default: `2026-11-24T10:00:05.123Z  WARN 1 --- [...] logger : message`
    /// (3.x, zone offset) or `2026-11-24 10:00:05.123  WARN 1 --- [...]` (2.x, local time).
    case springBoot = "spring-boot"
    /// log4j `[%d] %p %m (%c)%n`, the Kafka broker's own layout: `[2026-11-24 10:00:00,123] INFO ...`.
    case log4jBracket = "log4j-bracket"
    /// librdkafka's own stderr line: `%3|1795550186.060|FAIL|rdkafka#producer-1| [thrd:...]: ...`.
    case librdkafka
    /// One JSON object per line (logstash-logback-encoder, ECS, python-json-logger, KafkaJS, zap): the
    /// record text is the JSON itself; the time and level come from its fields.
    case json
    /// Python logging's default `BASIC_FORMAT`: `WARNING:kafka.conn:message` (no time).
    case pythonLogging = "python-logging"
    /// Any other line that starts with a date and time (logback, log4j2 with a date, Python asctime), or
    /// Go's `log` package (`2026/11/24 10:00:00 ...`, after a prefix such as Sarama's `[sarama] `).
    case isoTimestamped = "iso-timestamped"
    /// logback's and log4j2's default `HH:mm:ss.SSS [thread] LEVEL logger - message`: a time of day
    /// with no date; the envelope gives the instant.
    case timeOfDay = "time-of-day"
    /// Lines with no timestamp of their own; Java stack-trace lines still join the record above.
    case plain

    /// Where a header line's timestamp and level are.
    public struct Header {
        public var timestamp: Range<Int>?
        public var level: Range<Int>?
    }

    /// Strict layouts make every line that is not a header a continuation (a Java stack trace). Loose
    /// ones, whose files often interleave other output (a Python app's prints between librdkafka's
    /// lines), only join lines that look like a stack trace; any other line is a record of its own.
    var isStrict: Bool {
        switch self {
        case .springBoot, .log4jBracket, .isoTimestamped, .timeOfDay: return true
        case .librdkafka, .json, .pythonLogging, .plain: return false
        }
    }

    /// True when this layout's headers can carry a full timestamp of their own (not just a time of day).
    var hasOwnTimestamps: Bool {
        switch self {
        case .springBoot, .log4jBracket, .librdkafka, .json, .isoTimestamped: return true
        case .pythonLogging, .timeOfDay, .plain: return false
        }
    }

    /// The header of `text`, or nil when `text` continues the previous record. A librdkafka line
    /// (`%3|1796293616.651|FAIL|...`) starts a record in any layout: librdkafka writes its own log lines
    /// to stderr beside whatever the application logs, and such a line never continues another record.
    @inline(__always)
    public func header(of text: UnsafeRawBufferPointer) -> Header? {
        if let own = ownHeader(of: text) { return own }
        if isStrict, text.first == 0x25, let native = AppLayout.librdkafka.ownHeader(of: text) { return native }
        if isStrict || JavaTrace.isContinuation(text) { return nil }
        return Header(timestamp: nil, level: LevelWord.find(in: text, from: 0, within: 40))
    }

    /// The header in this layout's own form, or nil.
    @inline(__always)
    func ownHeader(of text: UnsafeRawBufferPointer) -> Header? {
        switch self {
        case .springBoot:
            guard let shape = TimestampShape.measure(text) else { return nil }
            return Header(timestamp: 0..<shape.length, level: LevelWord.find(in: text, from: shape.length, within: 48))
        case .isoTimestamped:
            var start = 0
            if text.count > 2 && text[0] == 0x5B, let close = Self.index(of: 0x5D, in: text, from: 1, within: 24) {
                start = close + 1
                while start < text.count && text[start] == 0x20 { start += 1 }
            }
            guard let shape = TimestampShape.measure(UnsafeRawBufferPointer(rebasing: text[start...])) else { return nil }
            return Header(timestamp: start..<(start + shape.length), level: LevelWord.find(in: text, from: start + shape.length, within: 48))
        case .log4jBracket:
            guard text.count > 21, text[0] == 0x5B,
                  let shape = TimestampShape.measure(UnsafeRawBufferPointer(rebasing: text[1...])),
                  1 + shape.length < text.count, text[1 + shape.length] == 0x5D else { return nil }
            return Header(timestamp: 1..<(1 + shape.length), level: LevelWord.find(in: text, from: shape.length + 2, within: 8))
        case .librdkafka:
            guard text.count > 16, text[0] == 0x25, TimestampShape.isDigit(text[1]), text[2] == 0x7C,
                  let (_, length) = EpochShape.parse(UnsafeRawBufferPointer(rebasing: text[3...])),
                  3 + length < text.count, text[3 + length] == 0x7C else { return nil }
            return Header(timestamp: 3..<(3 + length), level: 1..<2)
        case .json:
            guard text.count > 2, text[0] == 0x7B else { return nil }
            return Header(timestamp: JSONFields.value(in: text, keys: JSONFields.timestampKeys),
                          level: JSONFields.value(in: text, keys: JSONFields.levelKeys))
        case .pythonLogging:
            guard let level = LevelWord.find(in: text, from: 0, within: 9), level.lowerBound == 0,
                  level.upperBound < text.count, text[level.upperBound] == 0x3A else { return nil }
            return Header(timestamp: nil, level: level)
        case .timeOfDay:
            guard text.count > 13, TimestampShape.isDigit(text[0]), TimestampShape.isDigit(text[1]), text[2] == 0x3A,
                  TimestampShape.isDigit(text[3]), TimestampShape.isDigit(text[4]), text[5] == 0x3A,
                  TimestampShape.isDigit(text[6]), TimestampShape.isDigit(text[7]), text[8] == 0x2E || text[8] == 0x2C,
                  TimestampShape.isDigit(text[9]) else { return nil }
            return Header(timestamp: nil, level: LevelWord.find(in: text, from: 9, within: 64))
        case .plain:
            return nil
        }
    }

    /// How well `text` fits this layout's header, for detection: 2 a full fit, 1 a partial one, 0 none.
    func detectionScore(_ text: UnsafeRawBufferPointer) -> Int {
        switch self {
        case .springBoot:
            guard let shape = TimestampShape.measure(text), LevelWord.find(in: text, from: shape.length, within: 8) != nil else { return 0 }
            return ByteSearch.contains(UnsafeRawBufferPointer(rebasing: text[shape.length..<min(text.count, shape.length + 40)]), " --- ") ? 2 : 0
        case .log4jBracket, .librdkafka, .pythonLogging:
            return ownHeader(of: text) != nil ? 2 : 0
        case .json:
            return ownHeader(of: text)?.timestamp != nil ? 2 : 0
        case .isoTimestamped, .timeOfDay:
            return ownHeader(of: text) != nil ? 1 : 0
        case .plain:
            return 0
        }
    }

    private static func index(of byte: UInt8, in text: UnsafeRawBufferPointer, from: Int, within: Int) -> Int? {
        var i = from
        while i < min(text.count, from + within) {
            if text[i] == byte { return i }
            i += 1
        }
        return nil
    }
}

/// Finds a field's value in a one-line JSON object without parsing it all: the bytes of a string value
/// (between its quotes) or of a number.
enum JSONFields {
    static let timestampKeys: [[UInt8]] = ["\"@timestamp\":", "\"timestamp\":", "\"time\":", "\"ts\":", "\"asctime\":"].map { Array($0.utf8) }
    static let levelKeys: [[UInt8]] = ["\"level\":", "\"log.level\":", "\"levelname\":", "\"severity\":"].map { Array($0.utf8) }

    static func value(in text: UnsafeRawBufferPointer, keys: [[UInt8]]) -> Range<Int>? {
        for key in keys {
            guard let at = key.withUnsafeBytes({ k in
                logtrace_memmem(text.baseAddress!, text.count, k.baseAddress!, k.count).map { text.baseAddress!.distance(to: UnsafeRawPointer($0)) }
            }) else { continue }
            var i = at + key.count
            while i < text.count && text[i] == 0x20 { i += 1 }
            guard i < text.count else { continue }
            if text[i] == 0x22 {
                let start = i + 1
                var j = start
                while j < text.count && text[j] != 0x22 {
                    if text[j] == 0x5C { j += 1 }
                    j += 1
                }
                if j <= text.count { return start..<min(j, text.count) }
            } else if TimestampShape.isDigit(text[i]) {
                var j = i
                while j < text.count && (TimestampShape.isDigit(text[j]) || text[j] == 0x2E) { j += 1 }
                return i..<j
            }
        }
        return nil
    }
}

/// Recognises the level words loggers print (`WARN`, `WARNING`, `ERROR`, ...).
enum LevelWord {
    static let words: [[UInt8]] = ["TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL", "SEVERE"].map { Array($0.utf8) }

    /// The first level word in `text[from ..< from + within]` that stands alone (not part of a longer word).
    static func find(in text: UnsafeRawBufferPointer, from: Int, within: Int) -> Range<Int>? {
        let limit = min(text.count, from + within)
        var i = from
        while i < limit {
            let c = text[i]
            if c >= 0x41 && c <= 0x5A && (i == 0 || !isWordByte(text[i - 1])) {
                var j = i
                while j < text.count && text[j] >= 0x41 && text[j] <= 0x5A { j += 1 }
                if j == text.count || !isWordByte(text[j]) {
                    let length = j - i
                    for word in words where word.count == length {
                        var same = true
                        for k in 0..<length where text[i + k] != word[k] {
                            same = false
                            break
                        }
                        if same { return i..<j }
                    }
                }
                i = j
            } else {
                i += 1
            }
        }
        return nil
    }

    @inline(__always)
    static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
}

/// Lines that continue a Java (or Python) stack trace even where the layout has no header to tell by.
enum JavaTrace {
    static func isContinuation(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.isEmpty { return true }
        let first = text[0]
        if first == 0x09 { return true }  // "\tat ...", "\t... 12 more"
        if first == 0x20 { return true }  // "    at ...", Python's indented traceback lines
        if starts(text, 0, "Caused by: ") || starts(text, 0, "Suppressed: ") || starts(text, 0, "Traceback (most recent call last):") {
            return true
        }
        return isExceptionLine(text)
    }

    /// `org.apache.kafka.common.errors.TimeoutException: ...` (Java) or `ConnectionResetError: ...`
    /// (the last line of a Python traceback): a class name, qualified or not, ending in Exception or Error
    /// after at least one more letter, then a colon or the end of the line.
    static func isExceptionLine(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let first = text.first, (first >= 0x61 && first <= 0x7A) || (first >= 0x41 && first <= 0x5A) else { return false }
        var i = 0
        var dots = 0
        while i < text.count {
            let c = text[i]
            if c == 0x2E { dots += 1 } else if !(LevelWord.isWordByte(c) || c == 0x24) { break }
            i += 1
        }
        guard i == text.count || text[i] == 0x3A else { return false }
        // A bare name must look like a class (`ConnectionResetError`), not a word (`Error`, `ERROR`).
        if dots == 0 && (first < 0x41 || first > 0x5A || i < 2 || text[1] < 0x61 || text[1] > 0x7A) { return false }
        let name = UnsafeRawBufferPointer(rebasing: text[0..<i])
        for suffix: StaticString in ["Exception", "Error"] where ByteSearch.hasSuffix(name, suffix) {
            return name.count > suffix.utf8CodeUnitCount
        }
        return false
    }

    private static func starts(_ text: UnsafeRawBufferPointer, _ at: Int, _ prefix: StaticString) -> Bool {
        ByteSearch.hasPrefix(UnsafeRawBufferPointer(rebasing: text[at...]), prefix)
    }
}
