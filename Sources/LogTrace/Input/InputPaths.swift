import Glibc

/// Expands the paths given on the command line into the files to read: a folder stands for every file
/// below it (recursively, in name order, skipping hidden entries), as `rg` and `grep -r` treat one.
/// Paths that do not exist are kept, so reading them reports the error against the name given.
public enum InputPaths {
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            if path != "-" && DirectoryListing.isDirectory(path) {
                walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, into: &files)
            } else {
                files.append(path)
            }
        }
        return files
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
