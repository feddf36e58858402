/// Writes well-formed HTML (XHTML-compatible: every element closed, attributes quoted, only XML's
/// entities) into `write` in pieces of about 64 KiB, so that a long report is never held whole.
struct HTMLDocument {
    /// A table column: its header, a fixed width for one-line tables, and the class of its cells
    /// (`num` for numbers, right-aligned; `nowrap`; `path`, broken anywhere).
    struct Column {
        var title: String
        var width: String?
        var className: String?

        init(_ title: String, width: String? = nil, numeric: Bool = false, className: String? = nil) {
            self.title = title
            self.width = width
            self.className = numeric ? "num" : className
        }
    }

    /// A table cell: markup already escaped, and the full text for a `title` where the cell may be cut.
    struct Cell {
        var html: String
        var title: String?

        init(html: String, title: String? = nil) {
            self.html = html
            self.title = title
        }

        /// Plain text, escaped.
        static func text(_ text: String) -> Cell { Cell(html: HTMLText.escape(text)) }

        /// Text a one-line row may cut with an ellipsis: the full text (up to 2,000 characters) is its title.
        static func long(_ text: String) -> Cell { Cell(html: HTMLText.escape(text), title: text) }
    }

    let write: (String) -> Void
    /// The `F<n>` names evidence is cited by.
    let refs: FileRefs
    private var pending = ""

    init(write: @escaping (String) -> Void, refs: FileRefs = FileRefs([])) {
        self.write = write
        self.refs = refs
    }

    /// Appends trusted markup.
    mutating func raw(_ html: String) {
        pending += html
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    /// Writes what is pending; call once at the end.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        write(pending)
        pending = ""
    }

    mutating func heading(_ level: Int, _ text: String, id: String? = nil) {
        raw("<h\(level)\(id.map { " id=\"\(HTMLText.escape($0))\"" } ?? "")>\(HTMLText.escape(text))</h\(level)>\n")
    }

    mutating func paragraph(html: String, class name: String? = nil) {
        raw("<p\(name.map { " class=\"\($0)\"" } ?? "")>\(html)</p>\n")
    }

    mutating func list(html items: [String]) {
        guard !items.isEmpty else { return }
        raw("<ul>\n" + items.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n")
    }

    /// A table; with `oneLine`, its layout is fixed to the columns' widths and every cell stays on one
    /// line, cut with an ellipsis (the full text in the cell's title).
    mutating func table(_ columns: [Column], _ rows: some Sequence<[Cell]>, oneLine: Bool = false, class name: String? = nil) {
        let classes = ([oneLine ? "rows" : nil, name].compactMap { $0 }).joined(separator: " ")
        raw("<table\(classes.isEmpty ? "" : " class=\"\(classes)\"")>\n")
        if oneLine {
            raw("<colgroup>" + columns.map { "<col\($0.width.map { " style=\"width:\($0)\"" } ?? "")/>" }.joined() + "</colgroup>\n")
        }
        raw("<thead><tr>" + columns.map { "<th\($0.className.map { " class=\"\($0)\"" } ?? "")>\(HTMLText.escape($0.title))</th>" }.joined() + "</tr></thead>\n<tbody>\n")
        for row in rows {
            var line = "<tr>"
            for (i, column) in columns.enumerated() {
                let cell = i < row.count ? row[i] : Cell(html: "")
                line += "<td" + (column.className.map { " class=\"\($0)\"" } ?? "")
                    + (cell.title.map { " title=\"\(HTMLText.escape($0, limit: 2000))\"" } ?? "") + ">" + cell.html + "</td>"
            }
            raw(line + "</tr>\n")
        }
        raw("</tbody>\n</table>\n")
    }
}
