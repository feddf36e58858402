import Glibc

/// Expands the paths given on the command line into the files to read: a folder stands for every file
/// below it (recursively, in name order, skipping hidden entries), as `rg` and `grep -r` treat one.
/// Paths that do not exist are kept, so reading them reports the error against the name given.
public enum InputPaths {
    public static func expand(_ paths: [String]) -> [String] {
        expandCountingDuplicates(paths).files
    }

    /// `expand`, with each file read once: a path naming a file already listed (the same device and
    /// inode: given twice, through `./`, an absolute path or a symlink) is dropped, and returned in
    /// `duplicates` with the path it repeats.
    public static func expandCountingDuplicates(_ paths: [String]) -> (files: [String], duplicates: [(path: String, sameAs: String)]) {
        var listed: [String] = []
        for path in paths {
            if path != "-" && DirectoryListing.isDirectory(path) {
                walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, into: &listed)
            } else {
                listed.append(path)
            }
        }
        var files: [String] = []
        var duplicates: [(path: String, sameAs: String)] = []
        var seen: [FileIdentity: String] = [:]
        for path in listed {
            var info = stat()
            guard path != "-", stat(path, &info) == 0 else {
                files.append(path)
                continue
            }
            let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            if let first = seen[identity] {
                duplicates.append((path, first))
            } else {
                seen[identity] = path
                files.append(path)
            }
        }
        return (files, duplicates)
    }

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func walk(_ directory: String, into files: inout [String]) {
        guard let names = DirectoryListing.names(in: directory) else {
            files.append(directory)  // unreadable folder: let the reader report it
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(path, into: &files)
            case S_IFREG: files.append(path)
            case S_IFLNK:
                if !DirectoryListing.isDirectory(path) { files.append(path) }
            default: continue
            }
        }
    }
}
