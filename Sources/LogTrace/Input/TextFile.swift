import Glibc

/// Reads a small text file whole (pattern packs, a scenario plan, a list of paths); `-` is standard input.
/// Log files are never read this way: they stream through `InputOpener`. Errors name the cause, not the path.
public enum TextFile {
    public static func read(_ path: String) throws(InputError) -> String {
        guard let file = path == "-" ? fdopen(dup(0), "rb") : fopen(path, "rb") else {
            let kind: InputError.Kind = errno == ENOENT ? .notFound : errno == EACCES ? .permissionDenied : .readFailed
            throw InputError(kind, String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        if ferror(file) != 0 { throw InputError(.readFailed, String(cString: strerror(errno))) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lines of a list file, one path a line: blank lines skipped, `\r\n` line ends taken. Split on
    /// bytes: to `String`, `\r\n` is one character, not a `\n`.
    public static func lines(_ path: String) throws(InputError) -> [String] {
        try read(path).utf8.split(separator: 0x0A).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }.filter { !$0.isEmpty }
    }
}
