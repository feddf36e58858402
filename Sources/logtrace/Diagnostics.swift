import Glibc
import LogTrace

/// Messages on stderr, prefixed with the program name.
enum Diagnostics {
    static func error(_ message: String) { write("logtrace: error: \(message)\n") }
    static func warning(_ message: String) { write("logtrace: warning: \(message)\n") }
    static func note(_ message: String) { write("logtrace: \(message)\n") }
    /// Whether stderr is a terminal, decided once: what is shown only to a person (progress, the
    /// closing summary) depends on it.
    static let stderrIsTerminal = isatty(2) == 1

    /// `text` on stderr as it is.
    static func show(_ text: String) { write(text) }

    /// Names each file that could not be read in full, and the warnings and limits hit.
    static func tell(_ scan: ScanResult) {
        for line in scan.diagnostics { line.isError ? error(line.text) : warning(line.text) }
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}
