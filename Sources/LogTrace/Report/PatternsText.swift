/// Renders `logtrace patterns list` (every entry in force: id, kind, literals, where it is written)
/// and `logtrace patterns test` (`PatternTestResult`: per record, the entry that matched and its
/// captures, the near-misses) as text for pattern authors.
public enum PatternsText {
    /// One block per pattern file, in load order, its entries in the order they are tried; an entry
    /// overridden by a later `--patterns` folder is listed under the file it now comes from.
    public static func list(_ patterns: PatternSet) -> String {
        var out = ""
        for file in patterns.files {
            let entries = patterns.patterns.filter { $0.definition.file == file }
            out += "\(file): \(entries.count) entr\(entries.count == 1 ? "y" : "ies")\n"
            let rows = entries.map { entry -> [String] in
                let d = entry.definition
                let literals = entry.literals.isEmpty ? "(none: PCRE2 runs on every record)"
                    : entry.literals.map { "'" + String(decoding: $0, as: UTF8.self) + "'" }.joined(separator: " or ")
                return ["  \(d.id)", d.kind.rawValue + (d.quoted ? " (quoted)" : ""), "regex line \(d.line)", literals]
            }
            out += columns(rows)
        }
        return out + "\(patterns.patterns.count) entries from \(patterns.files.count) file\(patterns.files.count == 1 ? "" : "s"), each file's entries in the order they are tried (quoted ones after every other entry)\n"
    }

    /// The records that matched or nearly matched, each with its trial, then the counts. `isLine`: the
    /// input was a line given on the command line, not a file.
    public static func test(_ result: PatternTestResult, isLine: Bool) -> String {
        let file = result.file
        var out = (isLine ? "the line given" : file.path) + ": envelope \(file.envelope?.rawValue ?? "-"), layout \(file.layout?.rawValue ?? "-")"
            + (isLine ? "" : ", service \(file.service)") + "\n"
        if let error = file.error { out += "read error: \(error)\n" }
        for tried in result.tried {
            let record = tried.record
            out += "\nline \(record.firstLine)" + (record.lineCount > 1 ? "-\(record.firstLine + record.lineCount - 1)" : "")
                + "  level \(record.level ?? "-")  \(record.text.prefix(120).replacingOccurrences(of: "\n", with: "⏎"))\n"
            out += ExplainText.render(tried.trial, indent: "  ")
        }
        if isLine && result.tried.isEmpty {
            out += "\nno entry matches, and no entry's literal is in the line\n"
        }
        let shown = result.matched + result.nearMissesOnly
        out += "\n\(result.records) record\(result.records == 1 ? "" : "s"): \(result.matched) matched, \(result.nearMissesOnly) only nearly (a literal present, the regex failing), "
            + "\(result.records - shown) with no entry's literal"
            + (shown > result.tried.count ? "; the first \(result.tried.count) of the \(shown) are shown" : "") + "\n"
        return out
    }

    /// Rows padded to aligned columns, the last left unpadded.
    static func columns(_ rows: [[String]]) -> String {
        guard let width = rows.first?.count else { return "" }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.offset == width - 1 ? $0.element : $0.element + String(repeating: " ", count: widths[$0.offset] - $0.element.count) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
    }
}
