/// Renders what `ingest --explain FILE` found (`FileExplanation`) as text: the file's format and
/// attribution, then per record its lines, timestamps, level, text and the pattern that matched; and
/// what `--explain FILE:LINE` and `logtrace patterns test` found of one record (`LineExplanation`,
/// `PatternTrial`): every entry tried, the winner's captures, the near-misses.
public enum ExplainText {
    public static func render(_ file: FileExplanation) -> String {
        var out = header(file)
        if let error = file.error { out += "read error: \(error)\n" }
        for record in file.records {
            out += "\nline \(record.firstLine)" + (record.lineCount > 1 ? "-\(record.firstLine + record.lineCount - 1) (\(record.lineCount) lines joined)" : "") + "\n"
            out += reading(record)
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

    /// One line of a file: the record holding it, how it was read, and every entry tried on it.
    public static func render(_ explained: LineExplanation) -> String {
        var out = header(explained.file)
        if let error = explained.file.error { out += "read error: \(error)\n" }
        guard let record = explained.record, let trial = explained.trial else {
            let lines = explained.linesInFile ?? 0
            return out + "line \(explained.line): not in the file, which has \(lines) line\(lines == 1 ? "" : "s")" + (explained.file.error == nil ? "" : " read before the error") + "\n"
        }
        let last = record.firstLine + record.lineCount - 1
        let span = record.lineCount > 1 ? "the record at lines \(record.firstLine)-\(last) (\(record.lineCount) lines joined: a header and its continuation lines)" : "a record of one line"
        if record.firstLine > explained.line {
            out += "line \(explained.line): in no record (an empty or envelope-only line); the next record, \(span), is shown\n"
        } else if record.lineCount > 1 {
            out += "line \(explained.line): line \(explained.line - record.firstLine + 1) of \(span)\n"
        } else {
            out += "line \(explained.line): \(span)\n"
        }
        out += reading(record)
        out += "  text     " + explained.recordLines.joined(separator: "\n           ") + "\n"
        if record.lineCount > explained.recordLines.count { out += "           (\(record.lineCount - explained.recordLines.count) more lines)\n" }
        return out + render(trial, indent: "")
    }

    /// Every entry of `trial`: the one that matched first (and so gives the event) with its fields, the
    /// others that matched too, the near-misses, entries left out for the record's level, and a count of
    /// those none of whose literals is in the record.
    public static func render(_ trial: PatternTrial, indent: String) -> String {
        var out = ""
        func place(_ entry: PatternTrial.Entry) -> String { "\(entry.id) (\(entry.kind.rawValue), \(entry.file):\(entry.line))" }
        if let winner = trial.winner {
            let entry = trial.entries[winner]
            out += indent + "matched  \(place(entry))\n"
            if case .matched(let fields) = entry.outcome {
                for field in fields { out += indent + "           \(field.name) = \(field.value)\n" }
            }
        } else {
            out += indent + "matched  no entry\n"
        }
        var absent = 0
        for (index, entry) in trial.entries.enumerated() where index != trial.winner {
            switch entry.outcome {
            case .matched:
                out += indent + "  also matches \(place(entry)), tried after the winner, so it gives no event\n"
            case .regexFailed(let present):
                out += indent + "  near-miss \(place(entry)): " + (present.isEmpty ? "no literal" : "literal " + present.map { "'\($0)'" }.joined(separator: ", ") + " present")
                    + ", regex does not match\n"
            case .levelTooLow(let level):
                out += indent + "  not tried \(place(entry)): a quoted error, looked for at WARN and worse only; level \(level)\n"
            case .limitExceeded:
                out += indent + "  gave up \(place(entry)): PCRE2 stopped at its match, depth or heap limit\n"
            case .literalAbsent:
                absent += 1
            }
        }
        if absent == trial.entries.count {
            out += indent + "  none of the \(absent) entries' literals is in the record: the scan skips it unread\n"
        } else if absent > 0 {
            out += indent + "  \(absent) other entr\(absent == 1 ? "y" : "ies"): none of their literals is in the record\n"
        }
        return out
    }

    static func header(_ file: FileExplanation) -> String {
        "\(file.path): envelope \(file.envelope?.rawValue ?? "-"), layout \(file.layout?.rawValue ?? "-"), "
            + "service \(file.service), pod \(file.pod)" + (file.namespace.map { ", namespace \($0)" } ?? "")
            + (file.container.map { ", container \($0)" } ?? "") + "\n"
    }

    static func reading(_ record: RecordExplanation) -> String {
        var out = "  time     \(record.time ?? "none")"
        if let envelope = record.envelopeTimestamp { out += "  envelope \(envelope)" }
        if let app = record.appTimestamp { out += "  application \(app)" }
        out += "\n  level    \(record.level ?? "-")\n"
        if let pod = record.pod { out += "  pod      \(pod)\n" }
        return out
    }
}
