/// The files a run reads, from the paths it was given, and what was left out on the way: files named
/// twice, folders reached twice or through a loop, logtrace's own outputs. Each is said on stderr.
public struct InputList: Sendable {
    public var files: [String] = []
    /// Paths naming a file already listed (the same device and inode), with the path they repeat.
    public var duplicates: [(path: String, sameAs: String)] = []
    /// Everything else left out, one sentence each, naming the path.
    public var skipped: [String] = []

    public init() {}
}
