/// A strict reader of GitHub-flavoured Markdown tables, for tests: splits rows on pipes that no backslash
/// precedes (as cmark-gfm's table extension does, even inside code spans).
struct MarkdownTable: Equatable {
    var header: [String]
    var rows: [[String]]

    /// All tables in `markdown`, each with the heading it follows.
    static func all(in markdown: String) -> [(heading: String, table: MarkdownTable)] {
        var found: [(String, MarkdownTable)] = []
        var heading = ""
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("#") { heading = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("|"), i + 1 < lines.count, lines[i + 1].hasPrefix("|---") || lines[i + 1].hasPrefix("|:--") {
                let header = cells(line)
                var rows: [[String]] = []
                i += 2
                while i < lines.count && lines[i].hasPrefix("|") {
                    rows.append(cells(lines[i]))
                    i += 1
                }
                found.append((heading, MarkdownTable(header: header, rows: rows)))
                continue
            }
            i += 1
        }
        return found
    }

    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var previous: Character = " "
        for ch in line.dropFirst() {
            defer { previous = ch }
            if ch == "|" && previous == "\\" {
                current.append(ch)
            } else if ch == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        return cells
    }

    /// The rows as dictionaries keyed by header.
    var records: [[String: String]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) }) }
    }
}

import Foundation
