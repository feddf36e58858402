import Foundation

/// Renders a `Report` as JSON (schema `logtrace-report/1`): sorted keys, so the bytes are stable.
public enum JSONReport {
    public static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
