import Glibc

/// Where the report goes: a file opened before any input is read (so a bad `-o` fails fast), or
/// standard output. A closed pipe (`| head -1`) ends the run quietly.
final class OutputSink {
    private let fd: Int32

    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String?) throws {
        guard let path, path != "-" else {
            fd = 1
            return
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if opened < 0 {
            throw OpenError(description: "cannot write the report to \(path): \(String(cString: strerror(errno)))")
        }
        fd = opened
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(ExitStatus.complete) }
                Diagnostics.error("writing the report failed: \(String(cString: strerror(errno)))")
                exit(ExitStatus.partial)
            }
            offset += n
        }
    }

    func close() {
        if fd > 2 { Glibc.close(fd) }
    }
}
