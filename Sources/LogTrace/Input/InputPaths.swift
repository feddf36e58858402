import Glibc

/// Expands the paths given on the command line into the files to read: a folder stands for every file
/// below it (recursively, in name order, skipping hidden entries), as `rg` and `grep -r` treat one.
/// Paths that do not exist are kept, so reading them reports the error against the name given.
public enum InputPaths {
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            if path != "-" && isDirectory(path) {
                walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, into: &files)
            } else {
                files.append(path)
            }
        }
        return files
    }

    private static func walk(_ directory: String, into files: inout [String]) {
        guard let dir = opendir(directory) else {
            files.append(directory)  // unreadable folder: let the reader report it
            return
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        closedir(dir)
        for name in names.sorted() {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(path, into: &files)
            case S_IFREG: files.append(path)
            case S_IFLNK:
                if !isDirectory(path) { files.append(path) }
            default: continue
            }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
