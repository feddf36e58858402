/// Chooses a file's envelope and application layout from its first lines, the way `file(1)` looks at
/// a file's head: the envelope most lines carry, then the layout most of their contents fit.
public struct FormatSniffer {
    /// How many leading lines are looked at.
    public static let sampleLines = 64

    public static func detect(_ lines: [[UInt8]]) -> (Envelope, AppLayout) {
        let nonEmpty = lines.filter { !$0.isEmpty }
        guard !nonEmpty.isEmpty else { return (.none, .plain) }
        let buffer = UnescapeBuffer()
        var envelope = Envelope.none
        for candidate in [Envelope.cri, .docker, .kubectl, .stern] {
            let hits = nonEmpty.reduce(0) { count, line in
                count + (line.withUnsafeBytes { candidate.parse($0, into: buffer) } != nil ? 1 : 0)
            }
            if hits * 2 >= nonEmpty.count {
                envelope = candidate
                break
            }
        }
        var scores: [AppLayout: Int] = [:]
        for line in nonEmpty {
            line.withUnsafeBytes { bytes in
                guard let parts = envelope.parse(bytes, into: buffer) else { return }
                for layout in AppLayout.allCases {
                    scores[layout, default: 0] += layout.detectionScore(parts.content)
                }
            }
        }
        // Ties go to the more specific layout (declaration order).
        var best = AppLayout.plain
        var bestScore = 0
        for layout in AppLayout.allCases where (scores[layout] ?? 0) > bestScore {
            best = layout
            bestScore = scores[layout] ?? 0
        }
        // A Spring Boot 3 line in UTC (`2026-11-24T10:00:05.123Z  INFO 1 --- [...]`) also reads as a
        // kubectl line whose content is ` INFO 1 --- ...`: whole lines fitting Spring Boot better win.
        if envelope == .kubectl {
            let whole = nonEmpty.reduce(0) { $0 + $1.withUnsafeBytes { AppLayout.springBoot.detectionScore($0) } }
            if whole > bestScore { return (.none, .springBoot) }
        }
        return (envelope, best)
    }
}
