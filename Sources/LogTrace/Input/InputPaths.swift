/// Expands the paths given on the command line into the files to read: a folder stands for every file
/// below it (recursively, in name order, skipping hidden entries, following links to folders), as `rg`
/// and `grep -r` treat one. Paths that do not exist are kept, so reading them reports the error against
/// the name given.
public enum InputPaths {
    public static func expand(_ paths: [String]) -> [String] {
        expandCountingDuplicates(paths).files
    }

    /// `expand`, with each file read once and logtrace's own outputs left out (see `InputList`): a path
    /// naming a file already listed (the same device and inode: given twice, through `./`, an absolute
    /// path or a symlink) is a duplicate; a folder reached a second time (a link to one already read, or
    /// back to a folder it is in) is not read again; a report, event export or partial is skipped.
    public static func expandCountingDuplicates(_ paths: [String]) -> InputList {
        var listed: [String] = []
        var list = InputList()
        var walked: [DirectoryListing.Identity: String] = [:]
        for path in paths {
            if path != "-" && DirectoryListing.isDirectory(path) {
                let folder = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
                walk(folder, into: &listed, walked: &walked, inside: [], list: &list)
            } else {
                listed.append(path)
            }
        }
        var seen: [DirectoryListing.Identity: String] = [:]
        for path in listed {
            guard path != "-", let identity = DirectoryListing.identity(of: path) else {
                list.files.append(path)
                continue
            }
            if let first = seen[identity] {
                list.duplicates.append((path, first))
                continue
            }
            seen[identity] = path
            if identity.isRegularFile, let output = OwnOutput.kind(ofFileAt: path) {
                list.skipped.append("\(path) is \(output.rawValue), not a log: skipped")
                continue
            }
            list.files.append(path)
        }
        return list
    }

    /// Lists the files below `directory`. `walked` holds every folder listed so far and `inside` the
    /// folders `directory` is in, so that a folder reached twice is read once and a loop is not followed.
    private static func walk(_ directory: String, into files: inout [String], walked: inout [DirectoryListing.Identity: String],
                             inside: Set<DirectoryListing.Identity>, list: inout InputList) {
        guard let identity = DirectoryListing.identity(of: directory) else { return }
        if inside.contains(identity) {
            list.skipped.append("\(directory) leads back to \(walked[identity] ?? "a folder it is in"), a folder it is in: a loop, not followed")
            return
        }
        if let first = walked[identity] {
            list.skipped.append("\(directory) is the same folder as \(first): read once")
            return
        }
        walked[identity] = directory
        guard let names = DirectoryListing.names(in: directory) else {
            files.append(directory)  // unreadable folder: let the reader report it
            return
        }
        let within = inside.union([identity])
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard let entry = DirectoryListing.identity(of: path) else {
                // A dangling link: reading it says so.
                if DirectoryListing.isSymbolicLink(path) { files.append(path) }
                continue
            }
            if entry.isDirectory {
                walk(path, into: &files, walked: &walked, inside: within, list: &list)
            } else if entry.isRegularFile || DirectoryListing.isSymbolicLink(path) {
                // A link to a fifo or a device is read as named; one found in the folder itself is not.
                files.append(path)
            }
        }
    }
}
