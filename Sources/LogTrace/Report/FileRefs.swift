/// Short names for a report's input files, `F1`, `F2`, …, in the order of the Input table, so that the
/// Markdown tables cite `F3:68` and each long path (a 170-character CRI path) is written once.
struct FileRefs: Sendable {
    private let refs: [String: String]

    init(_ files: [FileSummary]) {
        var refs: [String: String] = [:]
        for (i, file) in files.enumerated() where refs[file.path] == nil { refs[file.path] = "F\(i + 1)" }
        self.refs = refs
    }

    func ref(ofPath path: String) -> String? { refs[path] }

    /// `path:line` as `F3:68`, a whole file's path as `F3`; evidence naming no listed file stays as it is.
    func ref(evidence: String) -> String {
        if let ref = refs[evidence] { return ref }
        // The colon is found among the bytes: walking the characters cost more than the rest of a row.
        guard let colon = evidence.utf8.lastIndex(of: 0x3A), let ref = refs[String(evidence[..<colon])] else { return evidence }
        return ref + evidence[colon...]
    }

    /// `ref(evidence:)` as Markdown code.
    func code(_ evidence: String) -> String { MarkdownText.code(ref(evidence: evidence)) }
}
