import Glibc

/// The entries of a folder and whether a path is one: the single place the file system is listed, for
/// the inputs (`InputPaths`) and the pattern folders (`PatternLoader`).
public enum DirectoryListing {
    /// True when `path` is a folder (or a link to one).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in folder `path` (without `.` and `..`), sorted bytewise; nil when it cannot be opened.
    public static func names(in path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
