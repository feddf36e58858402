import Glibc
import Synchronization

/// Where a report or an event export goes: standard output, or a file written under a temporary name
/// beside it and renamed over it only when complete, so a run that fails or is interrupted leaves the
/// old file whole. Opening creates the temporary file, so a bad path fails before any input is read.
public final class OutputFile {
    /// Why an output could not be written, naming the file; `closedPipe` when standard output's reader
    /// went away (`| head -1`), which is no failure.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        /// What the output is, as the message names it (`the report`).
        public var what: String
        public var path: String
        public var reason: String
        public var closedPipe = false
        public var description: String { "cannot write \(what) to \(path): \(reason)" }
    }

    /// Temporary files not yet committed or discarded, for `discardUncommitted()` at an early exit.
    private static let open = Mutex<Set<String>>([])

    private let what: String
    private let path: String
    private let temporary: String?
    private var fd: Int32
    private var committed = false

    /// `nil` or `-` is standard output; `what` names the output in messages (`the report`).
    public init(path: String?, what: String) throws(WriteError) {
        self.what = what
        guard let path, path != "-" else {
            self.path = "standard output"
            temporary = nil
            fd = 1
            return
        }
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            // A device or a pipe (/dev/null, a FIFO): written in place, never replaced.
            fd = Glibc.open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw WriteError(what: what, path: path, reason: String(cString: strerror(errno))) }
            temporary = nil
            return
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + "." + name + ".logtrace-\(getpid()).tmp"
        fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw WriteError(what: what, path: path, reason: String(cString: strerror(errno))) }
        self.temporary = temporary
        Self.open.withLock { _ = $0.insert(temporary) }
    }

    deinit {
        if !committed { discard() }
    }

    public func write(_ text: String) throws(WriteError) {
        var text = text
        var failure: WriteError?
        text.withUTF8 { bytes in
            do throws(WriteError) { try write(UnsafeRawBufferPointer(bytes)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes `bytes` whole, resuming after an interrupted or partial write.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(WriteError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(what: what, path: path, reason: String(cString: strerror(errno)), closedPipe: errno == EPIPE)
            }
            offset += n
        }
    }

    /// Closes the output; a file then replaces the old one at its path.
    public func commit() throws(WriteError) {
        guard let temporary else {
            committed = true
            if fd > 2 { close(fd) }
            return
        }
        Self.open.withLock { _ = $0.remove(temporary) }
        let closed = close(fd)
        fd = -1
        if closed != 0 { throw WriteError(what: what, path: path, reason: String(cString: strerror(errno))) }
        if rename(temporary, path) != 0 { throw WriteError(what: what, path: path, reason: String(cString: strerror(errno))) }
        committed = true
    }

    /// Drops what was written: the temporary file goes, the old file at the path stays as it was.
    public func discard() {
        guard let temporary, !committed else { return }
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporary)
        Self.open.withLock { _ = $0.remove(temporary) }
        committed = true
    }

    /// Removes every temporary file not yet committed: for a run that ends early, so that what it
    /// began to write leaves no trace and the old files stay.
    public static func discardUncommitted() {
        open.withLock { temporaries in
            for temporary in temporaries { unlink(temporary) }
            temporaries.removeAll()
        }
    }
}
