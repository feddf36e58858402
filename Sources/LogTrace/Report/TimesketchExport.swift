/// Writes every matched event as one JSON object per line in the form Timesketch imports
/// (`message`, `datetime`, `timestamp_desc`, `timestamp` in microseconds), with the extracted fields
/// beside them, so an investigator can load logtrace's events next to other timelines.
///
/// Written a line at a time into pieces of about 64 KiB: the export never holds more than one piece,
/// whatever the number of events. Keys are in the order of their UTF-8 bytes (the `field_` ones fall
/// between `evidence` and `file`), `timestamp`, a number, last.
public enum TimesketchExport {
    /// Writes the timed events of `events`, in their order, into `write`.
    public static func write(_ events: [Event], into write: (String) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16 + 4096)
        // What a line takes from its event's template (origin and traits), made once per template.
        var parts: [ObjectIdentifier: Parts] = [:]
        var last: (template: EventTemplate, parts: Parts)?
        for event in events where !event.untimed {
            let template = event.template
            let shared: Parts
            if let last, last.template === template {
                shared = last.parts
            } else {
                if parts.count >= 4096 { parts.removeAll(keepingCapacity: true) }
                shared = parts[ObjectIdentifier(template)] ?? Parts(event)
                parts[ObjectIdentifier(template)] = shared
                last = (template, shared)
            }
            out.append(UInt8(ascii: "{"))
            if let appTime = event.appTime {
                key("app_datetime", &out)
                quotedTime(appTime, &out)
                out.append(UInt8(ascii: ","))
            }
            key("datetime", &out)
            quotedTime(event.time, &out)
            out.append(contentsOf: shared.beforeLine)
            digits(event.line, &out)
            out.append(contentsOf: shared.betweenLines)
            digits(event.line, &out)
            out.append(contentsOf: shared.afterLine)
            out.append(contentsOf: (event.timeInherited ? ",\"timestamp_desc\":\"Log Time (inherited from previous record)\"" : ",\"timestamp_desc\":\"Log Time\"").utf8)
            out.append(contentsOf: ",\"timestamp\":".utf8)
            digits(Int(event.time.nanoseconds / 1000), &out)
            out.append(contentsOf: "}\n".utf8)
            if out.count >= 1 << 16 {
                write(String(decoding: out, as: UTF8.self))
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { write(String(decoding: out, as: UTF8.self)) }
    }

    /// The bytes of a line that come from the event's origin and traits: around the line number in
    /// `evidence`, between it and `line`, and from there to `timestamp_desc`.
    private final class Parts {
        let beforeLine: [UInt8]
        let betweenLines: [UInt8]
        let afterLine: [UInt8]

        init(_ event: Event) {
            var out: [UInt8] = []
            out.append(contentsOf: ",\"evidence\":\"".utf8)
            JSONStreamWriter.appendEscaped(event.file, to: &out)
            out.append(UInt8(ascii: ":"))
            beforeLine = out
            out = Array("\",".utf8)
            var fields: [(name: String, value: String)] = []
            for (name, value) in event.fields { fields.append((name, value)) }
            fields.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            for field in fields {
                out.append(contentsOf: "\"field_".utf8)
                JSONStreamWriter.appendEscaped(field.name, to: &out)
                out.append(contentsOf: "\":".utf8)
                JSONStreamWriter.appendQuoted(field.value, to: &out)
                out.append(UInt8(ascii: ","))
            }
            out.append(contentsOf: "\"file\":".utf8)
            JSONStreamWriter.appendQuoted(event.file, to: &out)
            out.append(contentsOf: ",\"kind\":".utf8)
            JSONStreamWriter.appendQuoted(event.kind.rawValue, to: &out)
            if let level = event.level {
                out.append(contentsOf: ",\"level\":".utf8)
                JSONStreamWriter.appendQuoted(level, to: &out)
            }
            out.append(contentsOf: ",\"line\":\"".utf8)
            betweenLines = out
            out = Array("\",\"message\":\"".utf8)
            JSONStreamWriter.appendEscaped(event.service, to: &out)
            out.append(contentsOf: ": ".utf8)
            JSONStreamWriter.appendEscaped(event.kind.phrase, to: &out)
            out.append(contentsOf: ": ".utf8)
            JSONStreamWriter.appendEscaped(event.excerpt, to: &out)
            out.append(contentsOf: "\",\"pattern\":".utf8)
            JSONStreamWriter.appendQuoted(event.patternID, to: &out)
            out.append(contentsOf: ",\"pod\":".utf8)
            JSONStreamWriter.appendQuoted(event.pod, to: &out)
            out.append(contentsOf: ",\"service\":".utf8)
            JSONStreamWriter.appendQuoted(event.service, to: &out)
            afterLine = out
        }
    }

    /// A decimal integer's digits, without making a string.
    private static func digits(_ value: Int, _ out: inout [UInt8]) {
        if value < 0 {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var rest = value
            var at = buffer.count
            repeat {
                at -= 1
                buffer[at] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[at...]))
        }
    }

    /// The whole export as one string (tests, small runs).
    public static func lines(_ events: [Event]) -> String {
        var text = ""
        write(events) { text += $0 }
        return text
    }

    private static func key(_ name: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: "\":".utf8)
    }

    /// `"2026-11-24T10:00:05.123456Z"`: `time.format(fractionDigits: 6)`, quoted, without making strings.
    private static func quotedTime(_ time: Timestamp, _ out: inout [UInt8]) {
        let (days, nanosOfDay) = time.nanoseconds.floorDivided(by: 86_400_000_000_000)
        let (year, month, day) = Timestamp.civil(fromDays: days)
        guard (0...9999).contains(year) else {
            return JSONStreamWriter.appendQuoted(time.format(fractionDigits: 6), to: &out)
        }
        let seconds = nanosOfDay / 1_000_000_000
        out.append(UInt8(ascii: "\""))
        digits(year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(day, 2, &out)
        out.append(UInt8(ascii: "T"))
        digits(seconds / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(seconds % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        digits(nanosOfDay % 1_000_000_000 / 1000, 6, &out)
        out.append(contentsOf: "Z\"".utf8)
    }

    private static func digits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
