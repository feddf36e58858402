/// How the application itself lays out a log line inside the envelope. The layout says where a record
/// starts (a header line) and where its timestamp and level are; lines that are not headers continue
/// the record before them (stack traces, `Caused by: ...`, Spring Boot's blank lines around a trace).
public enum AppLayout: String, Sendable, Codable, CaseIterable {
    /// Spring Boot's console default: `2026-11-24T10:00:05.123Z  WARN 1 --- [...] logger : message`
    /// (3.x, zone offset) or `2026-11-24 10:00:05.123  WARN 1 --- [...]` (2.x, local time).
    case springBoot = "spring-boot"
    /// log4j `[%d] %p %m (%c)%n`, the Kafka broker's own layout: `[2026-11-24 10:00:00,123] INFO ...`.
    case log4jBracket = "log4j-bracket"
    /// Any other line that starts with an ISO-8601 date and time (logback, log4j2, Python asctime).
    case isoTimestamped = "iso-timestamped"
    /// Lines with no timestamp of their own; Java stack-trace lines still join the record above.
    case plain

    /// Where a header line's timestamp and level are.
    public struct Header {
        public var timestamp: Range<Int>?
        public var level: Range<Int>?
    }

    /// The header of `text`, or nil when `text` continues the previous record.
    @inline(__always)
    public func header(of text: UnsafeRawBufferPointer) -> Header? {
        switch self {
        case .springBoot, .isoTimestamped:
            guard let shape = TimestampShape.measure(text) else { return nil }
            return Header(timestamp: 0..<shape.length, level: LevelWord.find(in: text, from: shape.length, within: 48))
        case .log4jBracket:
            guard text.count > 21, text[0] == 0x5B,
                  let shape = TimestampShape.measure(UnsafeRawBufferPointer(rebasing: text[1...])),
                  1 + shape.length < text.count, text[1 + shape.length] == 0x5D else { return nil }
            return Header(timestamp: 1..<(1 + shape.length), level: LevelWord.find(in: text, from: shape.length + 2, within: 8))
        case .plain:
            if JavaTrace.isContinuation(text) { return nil }
            return Header(timestamp: nil, level: LevelWord.find(in: text, from: 0, within: 40))
        }
    }

    /// How well `text` fits this layout's header, for detection: 2 a full fit, 1 a partial one, 0 none.
    func detectionScore(_ text: UnsafeRawBufferPointer) -> Int {
        switch self {
        case .springBoot:
            guard let shape = TimestampShape.measure(text), LevelWord.find(in: text, from: shape.length, within: 8) != nil else { return 0 }
            return ByteSearch.contains(UnsafeRawBufferPointer(rebasing: text[shape.length..<min(text.count, shape.length + 40)]), " --- ") ? 2 : 0
        case .log4jBracket:
            return header(of: text) != nil ? 2 : 0
        case .isoTimestamped:
            return TimestampShape.measure(text) != nil ? 1 : 0
        case .plain:
            return 0
        }
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
        if first == 0x20 {
            var i = 0
            while i < text.count && text[i] == 0x20 { i += 1 }
            return i == text.count || starts(text, i, "at ") || starts(text, i, "...") || starts(text, i, "File \"")
        }
        if starts(text, 0, "Caused by: ") || starts(text, 0, "Suppressed: ") { return true }
        return isExceptionLine(text)
    }

    /// `org.apache.kafka.common.errors.TimeoutException: ...`: a qualified class name ending in
    /// Exception or Error, then a colon or the end of the line.
    static func isExceptionLine(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let first = text.first, first >= 0x61 && first <= 0x7A else { return false }
        var i = 0
        var dots = 0
        while i < text.count {
            let c = text[i]
            if c == 0x2E { dots += 1 } else if !(LevelWord.isWordByte(c) || c == 0x24) { break }
            i += 1
        }
        guard dots >= 1, i == text.count || text[i] == 0x3A else { return false }
        let name = UnsafeRawBufferPointer(rebasing: text[0..<i])
        return ByteSearch.hasSuffix(name, "Exception") || ByteSearch.hasSuffix(name, "Error")
    }

    private static func starts(_ text: UnsafeRawBufferPointer, _ at: Int, _ prefix: StaticString) -> Bool {
        ByteSearch.hasPrefix(UnsafeRawBufferPointer(rebasing: text[at...]), prefix)
    }
}
