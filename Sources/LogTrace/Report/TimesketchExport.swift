import Glibc

/// Writes every matched event as one JSON object per line in the form Timesketch imports
/// (`message`, `datetime`, `timestamp_desc`, `timestamp` in microseconds), with the extracted fields
/// beside them, so an investigator can load logtrace's events next to other timelines.
///
/// Bytes go straight into one reusable buffer and out to the sink a piece (`pieceBytes`) at a time: no
/// string is made per event, and the export never holds more than one piece, whatever the number of
/// events. Keys are in the order of their UTF-8 bytes (the `field_` ones fall between `evidence` and
/// `file`), `timestamp`, a number, last.
public enum TimesketchExport {
    /// What the sink is handed at a time, at most (one line past it when a line is longer).
    public static let pieceBytes = 1 << 20

    /// Writes the timed events of `events`, in their order, into `sink` as UTF-8 bytes, each piece
    /// ending at the end of a line; the bytes are the sink's only during the call.
    public static func writeBytes(_ events: [Event], pieceBytes: Int = pieceBytes,
                                  into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var out = LineBuffer(capacity: pieceBytes + fixedLineBytes)
        defer { out.deallocate() }
        // What a line takes from its event's template (origin and traits), made once per template.
        // Templates are named by identity: the events hold theirs for as long as this runs.
        // The current template's parts are read through their pointers, which `parts` keeps valid.
        var parts: [ObjectIdentifier: Parts] = [:]
        var lastTemplate: ObjectIdentifier?
        var (beforeLine, betweenLines, afterLine, partsCount) = (UnsafeRawBufferPointer(start: nil, count: 0),
                                                                 UnsafeRawBufferPointer(start: nil, count: 0),
                                                                 UnsafeRawBufferPointer(start: nil, count: 0), 0)
        var second = SecondText()
        var micros = MicrosText()
        for index in events.indices {
            // The array holds every event for the whole loop: no reference of its own is needed.
            unowned(unsafe) let event = events[index]
            if event.untimed { continue }
            let template = ObjectIdentifier(event.template)
            if template != lastTemplate {
                if parts.count >= 4096 { parts.removeAll(keepingCapacity: true) }
                let found = parts[template] ?? Parts(event)
                parts[template] = found
                (beforeLine, betweenLines, afterLine, partsCount) = (found.beforeLine, found.betweenLines, found.afterLine, found.count)
                lastTemplate = template
            }
            out.reserve(partsCount + fixedLineBytes)
            out.append(UInt8(ascii: "{"))
            if let appTime = event.appTime {
                out.appendStatic("\"app_datetime\":")
                quotedTime(appTime, &second, &out)
                out.append(UInt8(ascii: ","))
            }
            out.appendStatic("\"datetime\":")
            quotedTime(event.time, &second, &out)
            out.append(beforeLine)
            let lineAt = out.count
            out.appendDigits(UInt64(event.line))
            let lineDigits = out.count - lineAt
            out.append(betweenLines)
            out.appendCopy(of: lineAt, count: lineDigits)
            out.append(afterLine)
            out.appendStatic(event.timeInherited ? ",\"timestamp_desc\":\"Log Time (inherited from previous record)\",\"timestamp\":"
                                           : ",\"timestamp_desc\":\"Log Time\",\"timestamp\":")
            timestamp(event.time.nanoseconds / 1000, &micros, &out)
            out.append(UInt8(ascii: "}"))
            out.append(UInt8(ascii: "\n"))
            if out.count >= pieceBytes {
                try out.withBytes(sink)
                out.count = 0
            }
        }
        if out.count > 0 { try out.withBytes(sink) }
    }

    /// `writeBytes`, the pieces handed over as strings.
    public static func write(_ events: [Event], pieceBytes: Int = pieceBytes, into write: (String) -> Void) {
        writeBytes(events, pieceBytes: pieceBytes) { write(String(decoding: $0, as: UTF8.self)) }
    }

    /// The whole export as one string (tests, small runs).
    public static func lines(_ events: [Event]) -> String {
        var text = ""
        write(events) { text += $0 }
        return text
    }

    /// The most a line takes besides its template's parts and a time outside years 0-9999: both times
    /// quoted (29 bytes each) and their keys, two line numbers, the longer `timestamp_desc`, the
    /// timestamp and the braces come to about 220.
    private static let fixedLineBytes = 256

    /// The bytes of a line that come from the event's origin and traits: around the line number in
    /// `evidence`, between it and `line`, and from there to `timestamp_desc`.
    /// Held in one block, read through its pointer, so that copying them retains nothing.
    private final class Parts {
        let beforeLine: UnsafeRawBufferPointer
        let betweenLines: UnsafeRawBufferPointer
        let afterLine: UnsafeRawBufferPointer
        let count: Int
        private let block: UnsafeMutableRawBufferPointer

        init(_ event: Event) {
            var out: [UInt8] = []
            out.append(contentsOf: ",\"evidence\":\"".utf8)
            JSONStreamWriter.appendEscaped(event.file, to: &out)
            out.append(UInt8(ascii: ":"))
            let beforeLine = out
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
            let betweenLines = out
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
            let afterLine = out
            count = beforeLine.count + betweenLines.count + afterLine.count
            let block = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
            var placed: [UnsafeRawBufferPointer] = []
            var at = 0
            for bytes in [beforeLine, betweenLines, afterLine] {
                let slot = UnsafeMutableRawBufferPointer(rebasing: block[at..<at + bytes.count])
                slot.copyBytes(from: bytes)
                placed.append(UnsafeRawBufferPointer(slot))
                at += bytes.count
            }
            self.block = block
            (self.beforeLine, self.betweenLines, self.afterLine) = (placed[0], placed[1], placed[2])
        }

        deinit { block.deallocate() }
    }

    /// `YYYY-MM-DDTHH:MM:SS.` of the last second written: runs of events fall in the same second.
    private struct SecondText {
        var second = Int64.min
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
    }

    /// `"2026-11-24T10:00:05.123456Z"`: `time.format(fractionDigits: 6)`, quoted.
    private static func quotedTime(_ time: Timestamp, _ cache: inout SecondText, _ out: inout LineBuffer) {
        let (second, nanosOfSecond) = time.nanoseconds.floorDivided(by: 1_000_000_000)
        if second != cache.second {
            let (days, secondOfDay) = second.floorDivided(by: 86_400)
            let (year, month, day) = Timestamp.civil(fromDays: days)
            guard (0...9999).contains(year) else {
                let text = time.format(fractionDigits: 6)
                out.reserve(text.utf8.count + fixedLineBytes)
                out.append(UInt8(ascii: "\""))
                out.appendString(text)
                out.append(UInt8(ascii: "\""))
                return
            }
            cache.second = second
            withUnsafeMutableBytes(of: &cache.text) { text in
                let at = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
                let clock = UInt64(secondOfDay)
                LineBuffer.fixedDigits(UInt64(year), 4, at)
                at[4] = UInt8(ascii: "-")
                LineBuffer.fixedDigits(UInt64(month), 2, at + 5)
                at[7] = UInt8(ascii: "-")
                LineBuffer.fixedDigits(UInt64(day), 2, at + 8)
                at[10] = UInt8(ascii: "T")
                LineBuffer.fixedDigits(clock / 3600, 2, at + 11)
                at[13] = UInt8(ascii: ":")
                LineBuffer.fixedDigits(clock / 60 % 60, 2, at + 14)
                at[16] = UInt8(ascii: ":")
                LineBuffer.fixedDigits(clock % 60, 2, at + 17)
                at[19] = UInt8(ascii: ".")
            }
        }
        out.append(UInt8(ascii: "\""))
        out.appendWord(cache.text, count: 20)
        out.appendFixedDigits(UInt64(nanosOfSecond / 1000), 6)
        out.append(UInt8(ascii: "Z"))
        out.append(UInt8(ascii: "\""))
    }

    /// The digits of the last timestamp's whole seconds: runs of events fall in the same second.
    private struct MicrosText {
        var seconds: Int64 = -1
        var count = 0
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
    }

    /// `micros` in decimal (the `timestamp` field).
    private static func timestamp(_ micros: Int64, _ cache: inout MicrosText, _ out: inout LineBuffer) {
        guard micros >= 1_000_000 else {
            if micros < 0 { out.append(UInt8(ascii: "-")) }
            return out.appendDigits(micros.magnitude)
        }
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        if seconds != cache.seconds {
            cache.seconds = seconds
            cache.count = LineBuffer.digitCount(UInt64(seconds))
            withUnsafeMutableBytes(of: &cache.text) { text in
                LineBuffer.fixedDigits(UInt64(seconds), cache.count, text.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        out.appendWord(cache.text, count: cache.count)
        out.appendFixedDigits(UInt64(fraction), 6)
    }

    /// A growable byte buffer written through its pointer: `reserve` makes room for a line, and the
    /// appends after it check nothing.
    private struct LineBuffer {
        private(set) var base: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        func deallocate() { base.deallocate() }

        /// Makes room for `bytes` more.
        mutating func reserve(_ bytes: Int) {
            guard count + bytes > capacity else { return }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: count + bytes)
            grown.update(from: base, count: count)
            base.deallocate()
            base = grown
            capacity = count + bytes
        }

        func withBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }

        @inline(__always) mutating func append(_ byte: UInt8) {
            base[count] = byte
            count += 1
        }

        @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
            guard let source = bytes.baseAddress else { return }
            memcpy(base + count, source, bytes.count)
            count += bytes.count
        }

        @inline(__always) mutating func appendStatic(_ text: StaticString) {
            append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func appendString(_ text: String) {
            var text = text
            text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }

        /// The first `count` bytes of `text`; all 24 are stored, so the line's reserve must hold them.
        @inline(__always) mutating func appendWord(_ text: (UInt64, UInt64, UInt64), count: Int) {
            UnsafeMutableRawPointer(base + self.count).storeBytes(of: text, as: (UInt64, UInt64, UInt64).self)
            self.count += count
        }

        /// The `count` bytes already written at `offset`, written again at the end.
        @inline(__always) mutating func appendCopy(of offset: Int, count: Int) {
            memcpy(base + self.count, base + offset, count)
            self.count += count
        }

        /// `value`'s decimal digits, as many as it has.
        @inline(__always) mutating func appendDigits(_ value: UInt64) {
            let width = Self.digitCount(value)
            Self.fixedDigits(value, width, base + count)
            count += width
        }

        /// `value`'s last `width` decimal digits, zeros in front.
        @inline(__always) mutating func appendFixedDigits(_ value: UInt64, _ width: Int) {
            Self.fixedDigits(value, width, base + count)
            count += width
        }

        @inline(__always) static func digitCount(_ value: UInt64) -> Int {
            var width = 1
            var bound: UInt64 = 10
            while width < 20 && value >= bound {
                width += 1
                bound = bound &* 10
            }
            return width
        }

        /// "00" to "99", for two digits a division.
        private static let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

        @inline(__always) static func fixedDigits(_ value: UInt64, _ width: Int, _ at: UnsafeMutablePointer<UInt8>) {
            let pairs = Self.pairs.utf8Start
            var rest = value
            var index = width
            while index >= 2 {
                let pair = Int(truncatingIfNeeded: rest % 100) &* 2
                rest /= 100
                index -= 2
                at[index] = pairs[pair]
                at[index + 1] = pairs[pair + 1]
            }
            if index == 1 { at[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10) }
        }
    }
}
