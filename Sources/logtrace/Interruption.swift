import Dispatch
import Glibc
import LogTrace

/// SIGINT and SIGTERM during a run: what was begun is dropped (the files at the output paths stay as
/// they were), it is said on stderr, and the run ends with 128 + the signal, as shells report it.
enum Interruption {
    /// Kept for the life of the process: a signal source stops when released.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { end(by: number) }
            source.resume()
            sources.append(source)
        }
    }

    private static func end(by number: Int32) -> Never {
        OutputFile.discardUncommitted()
        var message = Array("logtrace: interrupted: no output written, the files at the output paths are as they were\n".utf8)
        _ = write(2, &message, message.count)
        Glibc.exit(128 + number)
    }
}
