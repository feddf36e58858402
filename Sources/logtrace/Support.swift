import Glibc
import ArgumentParser
import LogTrace

/// Messages on stderr, prefixed with the program name.
enum Diagnostics {
    static func error(_ message: String) { write("logtrace: error: \(message)\n") }
    static func warning(_ message: String) { write("logtrace: warning: \(message)\n") }

    /// Names each file that could not be read in full, and the warnings and limits hit.
    static func reportProblems(_ scan: ScanResult) {
        for file in scan.files {
            if let problem = file.error {
                error(file.path + ": " + problem.description + (file.lines > 0 ? "; the \(file.lines) lines before it are kept" : ""))
            }
            for note in file.warnings { warning(file.path + ": " + note) }
            for (id, count) in file.matchLimitHits.sorted(by: { $0.key < $1.key }) {
                warning("\(file.path): pattern '\(id)' stopped at PCRE2's match limit on \(count) record(s)")
            }
        }
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}

/// Where the report goes: a file opened before any input is read (so a bad `-o` fails fast), or
/// standard output. A closed pipe (`| head -1`) ends the run quietly.
final class OutputSink {
    private let fd: Int32

    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String?) throws {
        guard let path, path != "-" else {
            fd = 1
            return
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if opened < 0 {
            throw OpenError(description: "cannot write the report to \(path): \(String(cString: strerror(errno)))")
        }
        fd = opened
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(ExitStatus.complete) }
                Diagnostics.error("writing the report failed: \(String(cString: strerror(errno)))")
                exit(ExitStatus.partial)
            }
            offset += n
        }
    }

    func close() {
        if fd > 2 { Glibc.close(fd) }
    }
}

enum TimeZoneOffset {
    /// `+09:00`, `-0500`, `Z` → seconds east of UTC.
    static func parse(_ text: String) -> Int64? {
        if text == "Z" || text == "UTC" { return 0 }
        let chars = Array(text.utf8)
        guard chars.count == 6 || chars.count == 5 || chars.count == 3, chars[0] == 0x2B || chars[0] == 0x2D else { return nil }
        let digits = chars.dropFirst().filter { $0 != 0x3A }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let d = digits.map { Int64($0 - 48) }
        let hours = d[0] * 10 + d[1]
        let minutes = d.count == 4 ? d[2] * 10 + d[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (chars[0] == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

enum ProcessInfoCores {
    static var count: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

enum FileSize {
    static func of(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

/// Reads a list of paths, one a line (`-` is standard input); blank lines are skipped.
enum InputList {
    /// `arguments` followed by the paths listed in `listFile`, if given; a list that cannot be read is
    /// a usage error.
    static func paths(_ arguments: [String], plus listFile: String?) throws -> [String] {
        guard let listFile else { return arguments }
        guard let listed = read(listFile) else {
            Diagnostics.error("cannot read the list \(listFile)")
            throw ExitCode(ExitStatus.usage)
        }
        return arguments + listed
    }

    static func read(_ path: String) -> [String]? {
        guard let text = try? PatternLoader.readText(path == "-" ? "/dev/stdin" : path) else { return nil }
        return text.split(separator: "\n").map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }.filter { !$0.isEmpty }
    }
}

/// The process environment as a dictionary.
enum ProcessEnvironment {
    static var all: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

/// The text `ingest --explain` prints.
enum ExplainText {
    static func render(path: String, _ result: (envelope: Envelope?, layout: AppLayout?, records: [RecordExplanation], error: InputError?)) -> String {
        var out = "\(path): envelope \(result.envelope?.rawValue ?? "-"), layout \(result.layout?.rawValue ?? "-")\n"
        if let error = result.error { out += "read error: \(error)\n" }
        for record in result.records {
            out += "\nline \(record.firstLine)" + (record.lineCount > 1 ? "-\(record.firstLine + record.lineCount - 1) (\(record.lineCount) lines joined)" : "") + "\n"
            out += "  time     \(record.time ?? "none")"
            if let envelope = record.envelopeTimestamp { out += "  envelope \(envelope)" }
            if let app = record.appTimestamp { out += "  application \(app)" }
            out += "\n  level    \(record.level ?? "-")\n"
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
}
