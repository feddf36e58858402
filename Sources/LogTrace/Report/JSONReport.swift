import Foundation

/// Renders a `Report` as JSON (schema `logtrace-report/1`): sorted keys, so the bytes are stable, but
/// `schema` first, so that the file tells what it is from its first lines (logtrace skips a report
/// found among its inputs by them).
public enum JSONReport {
    public static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        var text = String(decoding: data, as: UTF8.self)
        let schemaLine = "\n  \"schema\" : \"\(report.schema)\","
        if text.hasPrefix("{"), let line = text.range(of: schemaLine) {
            text.removeSubrange(line)
            text.insert(contentsOf: schemaLine, at: text.index(after: text.startIndex))
        }
        return text + "\n"
    }
}
