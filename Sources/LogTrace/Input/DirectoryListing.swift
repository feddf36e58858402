import Glibc

/// The entries of a folder and whether a path is one: the single place the file system is listed, for
/// the inputs (`InputPaths`) and the pattern folders (`PatternLoader`). Names that are not UTF-8 are
/// kept: they are shown escaped and opened by their real bytes (`PathBytes`).
public enum DirectoryListing {
    /// What a path names, once links are followed.
    public struct Identity: Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
        public var isDirectory: Bool
        public var isRegularFile: Bool
    }

    /// The file or folder `path` names (links followed); nil when it cannot be stat'ed.
    public static func identity(of path: String) -> Identity? {
        var info = stat()
        guard PathBytes.withCString(path, { stat($0, &info) }) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), isDirectory: type == S_IFDIR,
                        isRegularFile: type == S_IFREG)
    }

    /// True when `path` is a folder (or a link to one).
    public static func isDirectory(_ path: String) -> Bool {
        identity(of: path)?.isDirectory ?? false
    }

    /// True when `path` itself is a symbolic link.
    public static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return PathBytes.withCString(path, { lstat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The names in folder `path` (without `.` and `..`), sorted; nil when it cannot be opened. A name
    /// that is not UTF-8 comes shown escaped, and `path + "/" + name` opens the real file.
    public static func names(in path: String) -> [String]? {
        guard let dir = PathBytes.withCString(path, { opendir($0) }) else { return nil }
        defer { closedir(dir) }
        let folder = PathBytes.bytes(of: path)
        var names: [String] = []
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
            let name = PathBytes.shown(raw)
            if name.utf8.count != raw.count || folder.count != path.utf8.count {
                // Shown otherwise than it is: the joined path is recorded too.
                _ = PathBytes.shown(folder + [0x2F] + raw)
            }
            names.append(name)
        }
        return names.sorted()
    }
}
