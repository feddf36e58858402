/// Renders what `ingest --explain FILE` found (`FileExplanation`) as text: the file's format and
/// attribution, then per record its lines, timestamps, level, text and the pattern that matched.
public enum ExplainText {
    public static func render(_ file: FileExplanation) -> String {
        var out = "\(file.path): envelope \(file.envelope?.rawValue ?? "-"), layout \(file.layout?.rawValue ?? "-"), "
            + "service \(file.service), pod \(file.pod)" + (file.namespace.map { ", namespace \($0)" } ?? "")
            + (file.container.map { ", container \($0)" } ?? "") + "\n"
        if let error = file.error { out += "read error: \(error)\n" }
        for record in file.records {
            out += "\nline \(record.firstLine)" + (record.lineCount > 1 ? "-\(record.firstLine + record.lineCount - 1) (\(record.lineCount) lines joined)" : "") + "\n"
            out += "  time     \(record.time ?? "none")"
            if let envelope = record.envelopeTimestamp { out += "  envelope \(envelope)" }
            if let app = record.appTimestamp { out += "  application \(app)" }
            out += "\n  level    \(record.level ?? "-")\n"
            if let pod = record.pod { out += "  pod      \(pod)\n" }
            out += "  text     \(record.text.replacingOccurrences(of: "\n", with: "⏎"))\n"
            if let event = record.event {
                let fields = event.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                out += "  matched  \(event.patternID) -> \(event.kind.rawValue)" + (fields.isEmpty ? "" : "  \(fields)") + "\n"
            } else {
                out += "  matched  no pattern\n"
            }
        }
        return out
    }
}
