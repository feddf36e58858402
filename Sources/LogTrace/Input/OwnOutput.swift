/// logtrace's own outputs, told from logs by how they begin, so that one left in an input folder (a
/// report, an `--events` export, a partial) is not read as a log: its lines would match the patterns
/// again. A JSON report starts `{` then `"schema" : "logtrace-report/...`; a Markdown one with its
/// title and `Reconstructed by logtrace from`; a partial's first line is its header,
/// `{"patterns":{...},"schema":"logtrace-partial/...`; an event export's first line is one Timesketch
/// event, `{"datetime":"...","evidence":"..."` (after `app_datetime` when there is one), with
/// `"timestamp_desc":"Log Time` and a numeric `timestamp` last.
public enum OwnOutput: String, Sendable {
    case report = "a logtrace report"
    case markdownReport = "a logtrace report (Markdown)"
    case events = "a logtrace event export (--events)"
    case partial = "a logtrace partial result (ingest --partial)"

    /// What the regular file at `path` is, if it is one of these, plain or gzip; nil for anything else
    /// (and for a file that cannot be read: reading it will say why).
    public static func kind(ofFileAt path: String) -> OwnOutput? {
        guard let (source, _) = try? InputOpener.open(path: path, backend: .zlib) else { return nil }
        var head = [UInt8](repeating: 0, count: 4096)
        var count = 0
        /// Reads until `limit` bytes are in, the end, or (with `toNewline`) a whole first line.
        func readMore(upTo limit: Int, toNewline: Bool = false) {
            if head.count < limit { head += [UInt8](repeating: 0, count: limit - head.count) }
            while count < limit, !(toNewline && head[0..<count].contains(0x0A)) {
                let n = (try? head.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[count..<limit])) }) ?? 0
                if n == 0 { return }
                count += n
            }
        }
        readMore(upTo: 4096)
        guard let guess = Self.kind(ofHead: head[0..<count]) else { return nil }
        // Only the whole first line tells; a long one (many pattern files, a long excerpt) is read on.
        if guess == .partial || guess == .events { readMore(upTo: 1 << 16, toNewline: true) }
        return Self.kind(ofFirstLine: head[0..<count])
    }

    /// What a file beginning with `head` may be, from its first bytes alone.
    static func kind(ofHead head: ArraySlice<UInt8>) -> OwnOutput? {
        if starts(head, "{\n  \"schema\" : \"logtrace-report/") { return .report }
        if starts(head, "# Kafka outage report\n\nReconstructed by logtrace from ") { return .markdownReport }
        if starts(head, "{\"patterns\":{") { return .partial }
        if starts(head, "{\"datetime\":\"") || starts(head, "{\"app_datetime\":\"") { return .events }
        return nil
    }

    /// What a file whose first line (or first 64 KiB) is `head` is, checked on the whole line.
    static func kind(ofFirstLine head: ArraySlice<UInt8>) -> OwnOutput? {
        guard let kind = kind(ofHead: head) else { return nil }
        let line = head.prefix { $0 != 0x0A }
        switch kind {
        case .report, .markdownReport:
            return kind
        case .partial:
            return contains(line, "\"schema\":\"logtrace-partial/") && line.last == 0x7D ? kind : nil
        case .events:
            // `,"timestamp":<digits>}` ends the line.
            let digits = line.dropLast().reversed().prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            let numericEnd = line.last == 0x7D && digits > 0 && line.dropLast(digits + 1).suffix(13).elementsEqual(",\"timestamp\":".utf8)
            return numericEnd && contains(line, "\",\"evidence\":\"") && contains(line, "\"timestamp_desc\":\"Log Time") ? kind : nil
        }
    }

    private static func starts(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        bytes.starts(with: text.utf8)
    }

    private static func contains(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (bytes.startIndex...(bytes.endIndex - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
