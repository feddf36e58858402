#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor with read(2); owns and closes the descriptor unless it is standard input.
public final class FileByteSource: ByteSource {
    private let fd: Int32
    private let ownsDescriptor: Bool
    public private(set) var rawBytesRead: Int64 = 0
    public var warnings: [String] { [] }

    /// Opens `path` for reading; `-` means standard input.
    /// The size of `path` as stored, in bytes; 0 when it cannot be stat'ed (weighs nothing in a plan).
    public static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    public init(path: String) throws(InputError) {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            return
        }
        let opened = open(path, O_RDONLY | O_CLOEXEC)
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
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 {
                rawBytesRead += Int64(n)
                return n
            }
            if errno == EINTR { continue }
            let message = String(cString: strerror(errno))
            throw InputError(.readFailed, "\(message) at byte \(rawBytesRead)")
        }
    }
}
