import Foundation
import LogTrace
import Synchronization

/// Progress on stderr for long runs on a terminal: bytes and files done, MB/s and ETA, redrawn a few
/// times a second from counters that the scan's workers bump once per block, never per line.
final class ProgressMeter: Sendable {
    private let totalBytes: Int64
    private let totalFiles: Int
    private let bytes = Atomic<Int64>(0)
    private let files = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let started = ContinuousClock.now

    init(paths: [String]) {
        totalBytes = paths.reduce(0) { $0 + FileByteSource.size(of: $1) }
        totalFiles = paths.count
    }

    /// Starts redrawing on a background thread until `stop()`; returns what the scan reports to.
    func start() -> ScanProgress {
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.25)
                if stopped.load(ordering: .relaxed) { break }
                draw()
            }
        }
        return ScanProgress(bytesRead: { [self] in bytes.wrappingAdd($0, ordering: .relaxed) },
                            fileDone: { [self] in files.wrappingAdd(1, ordering: .relaxed) })
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
    }

    private func draw() {
        let done = bytes.load(ordering: .relaxed)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var line = String(format: "\r\u{1B}[K%@ / %@ stored, %d/%d files, %.1f MB/s",
                          Self.megabytes(done), Self.megabytes(totalBytes), files.load(ordering: .relaxed), totalFiles, rate / 1e6)
        if rate > 0 && totalBytes > done {
            line += String(format: ", ETA %.0f s", Double(totalBytes - done) / rate)
        }
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    private static func megabytes(_ n: Int64) -> String { String(format: "%.1f MB", Double(n) / 1e6) }
}
