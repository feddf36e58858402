import Glibc

/// Reads a small text file whole (pattern packs, a scenario plan, a list of paths); `-` is standard input.
/// Log files are never read this way: they stream through `InputOpener`. Errors name the cause, not the path.
public enum TextFile {
    public static func read(_ path: String) throws(InputError) -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }

    /// The file's bytes, as they are.
    public static func bytes(_ path: String) throws(InputError) -> [UInt8] {
        guard let file = path == "-" ? fdopen(dup(0), "rb") : PathBytes.withCString(path, { fopen($0, "rb") }) else {
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
        return bytes
    }

    /// The lines of a list file, one path a line: blank lines skipped, `\r\n` line ends taken, a path
    /// that is not UTF-8 kept (shown escaped, see `PathBytes`). Split on bytes: to `String`, `\r\n` is
    /// one character, not a `\n`.
    public static func lines(_ path: String) throws(InputError) -> [String] {
        try bytes(path).split(separator: 0x0A).map { line in
            PathBytes.shown(Array(line.last == 0x0D ? line.dropLast() : line))
        }.filter { !$0.isEmpty }
    }
}
