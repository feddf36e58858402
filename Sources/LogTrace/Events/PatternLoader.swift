import Glibc

/// Finds and reads pattern files: the default `patterns/` folder, then each `--patterns DIR`.
public enum PatternLoader {
    /// The default folder: `$LOGTRACE_PATTERNS`, else `patterns/` beside the executable or in
    /// `../share/logtrace/`, else the source tree this binary was built from.
    public static func defaultDirectory() -> String? {
        if let fromEnvironment = getenv("LOGTRACE_PATTERNS") {
            return String(cString: fromEnvironment)
        }
        var candidates: [String] = []
        if let executable = executablePath() {
            let folder = parent(executable)
            candidates += [folder + "/patterns", parent(folder) + "/share/logtrace/patterns"]
        }
        // Sources/LogTrace/Events/PatternLoader.swift -> repository root
        let sourceRoot = parent(parent(parent(parent(#filePath))))
        candidates.append(sourceRoot + "/patterns")
        return candidates.first { DirectoryListing.isDirectory($0) }
    }

    /// Loads the default folder (unless `includeDefaults` is false) and then `extraDirectories`.
    public static func load(extraDirectories: [String], includeDefaults: Bool = true) throws(PatternError) -> PatternSet {
        var directories: [String] = []
        if includeDefaults {
            guard let folder = defaultDirectory() else {
                throw PatternError(file: "patterns/", line: nil, entry: nil,
                                   message: "default pattern folder not found; set LOGTRACE_PATTERNS or pass --patterns DIR")
            }
            directories.append(folder)
        }
        directories += extraDirectories
        var definitions: [PatternDefinition] = []
        var files: [String] = []
        for directory in directories {
            guard DirectoryListing.isDirectory(directory) else {
                throw PatternError(file: directory, line: nil, entry: nil, message: "not a folder")
            }
            for file in yamlFiles(in: directory) {
                let text = try readText(file)
                definitions += try PatternFileParser.parse(yaml: text, file: file)
                files.append(file)
            }
        }
        if definitions.isEmpty {
            guard !directories.isEmpty else {
                throw PatternError(file: "--no-default-patterns", line: nil, entry: nil, message: "no pattern folder left to read: give one with --patterns DIR")
            }
            throw PatternError(file: directories.joined(separator: ", "), line: nil, entry: nil, message: "no patterns found")
        }
        return try PatternSet(definitions: definitions, files: files)
    }

    static func yamlFiles(in directory: String) -> [String] {
        (DirectoryListing.names(in: directory) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { directory + "/" + $0 }
    }

    static func readText(_ path: String) throws(PatternError) -> String {
        do {
            return try TextFile.read(path)
        } catch {
            throw PatternError(file: path, line: nil, entry: nil, message: "cannot read: \(error.detail)")
        }
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
