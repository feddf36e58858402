/// Where a scan tells of its progress as it goes, from its worker threads: stored bytes read (a few
/// times a second per worker, never per line) and files done. The library draws nothing; the command
/// line turns these into a progress line on a terminal.
public struct ScanProgress: Sendable {
    public var bytesRead: @Sendable (Int64) -> Void
    public var fileDone: @Sendable () -> Void

    public init(bytesRead: @escaping @Sendable (Int64) -> Void, fileDone: @escaping @Sendable () -> Void) {
        self.bytesRead = bytesRead
        self.fileDone = fileDone
    }
}
