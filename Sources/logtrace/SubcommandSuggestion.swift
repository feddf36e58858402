/// "Did you mean 'ingest'?" for a first argument that is no subcommand: the known name at the smallest
/// edit distance, when that distance is at most 2 and shorter than the word.
enum SubcommandSuggestion {
    static func closest(to word: String, among names: [String]) -> String? {
        guard !word.hasPrefix("-"), !names.contains(word) else { return nil }
        let scored = names.map { (name: $0, distance: distance(Array(word.lowercased().utf8), Array($0.utf8))) }
        guard let best = scored.min(by: { ($0.distance, $0.name) < ($1.distance, $1.name) }),
              best.distance <= 2, best.distance < word.count else { return nil }
        return best.name
    }

    /// Levenshtein distance, one row at a time.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() {
                row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = row
        }
        return previous[b.count]
    }
}
