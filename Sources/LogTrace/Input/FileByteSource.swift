#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor with read(2); owns and closes the descriptor unless it is standard input.
///
/// A regular file found shorter than what was read from it, or that ends before the size it had when
/// opened, was truncated in place while it was read (logrotate's `copytruncate`): an error, not the file
/// read in full. Its size is looked at after every read (one fstat(2) per read of up to a megabyte).
public final class FileByteSource: ByteSource {
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// The size of a regular file when it was opened; nil for standard input and other kinds of file.
    private let sizeWhenOpened: Int64?
    public private(set) var rawBytesRead: Int64 = 0
    public var warnings: [String] { [] }
    /// A truncation seen after a read whose bytes were still returned: thrown by the next read.
    private var pendingError: InputError?

    /// Opens `path` for reading; `-` means standard input.
    /// The size of `path` as stored, in bytes; 0 when it cannot be stat'ed (weighs nothing in a plan).
    public static func size(of path: String) -> Int64 {
        var info = stat()
        return PathBytes.withCString(path, { stat($0, &info) }) == 0 ? Int64(info.st_size) : 0
    }

    public init(path: String) throws(InputError) {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            sizeWhenOpened = nil
            return
        }
        let opened = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        if opened < 0 {
            let code = errno
            switch code {
            case ENOENT: throw InputError(.notFound, "no such file")
            case EACCES, EPERM: throw InputError(.permissionDenied, "cannot open for reading")
            default: throw InputError(.readFailed, String(cString: strerror(code)))
            }
        }
        var info = stat()
        if fstat(opened, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw InputError(.isDirectory, "a directory, not a log file")
        }
        fd = opened
        ownsDescriptor = true
        // A size of 0 says nothing (/proc files have it whatever they hold).
        let regular = (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0
        sizeWhenOpened = regular ? Int64(info.st_size) : nil
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let pendingError { throw pendingError }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 {
                rawBytesRead += Int64(n)
                if let opened = sizeWhenOpened, let truncated = truncation(since: opened, atEnd: n == 0) {
                    // The bytes just read came before the truncation: they are handed over first.
                    if n == 0 { throw truncated }
                    pendingError = truncated
                }
                return n
            }
            if errno == EINTR { continue }
            let message = String(cString: strerror(errno))
            throw InputError(.readFailed, "\(message) at byte \(rawBytesRead)")
        }
    }

    /// The error to report when the file now holds less than was read from it, or ends before the size it
    /// had when opened.
    private func truncation(since opened: Int64, atEnd: Bool) -> InputError? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let now = Int64(info.st_size)
        guard now < rawBytesRead || (atEnd && rawBytesRead < opened) else { return nil }
        return InputError(.truncatedWhileReading,
                         "it held \(opened) bytes when opened and \(now) now, with \(rawBytesRead) read: it was truncated in place while it was read (as logrotate's copytruncate does), so the report covers only the bytes read before that")
    }
}
