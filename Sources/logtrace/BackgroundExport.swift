import Dispatch
import LogTrace

/// The event export (`--events`) written on a second thread while the report is built from the same
/// scan, so that a run with the export takes about the time of one without. Only that thread writes
/// the file until `wait()` has returned; the scan is immutable and shared.
final class BackgroundExport: @unchecked Sendable {
    private let scan: ScanResult
    private let pipeline: Pipeline
    private let file: OutputFile
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?

    /// Starts writing the export of `scan` into `file`.
    init(_ scan: ScanResult, _ pipeline: Pipeline, into file: OutputFile) {
        self.scan = scan
        self.pipeline = pipeline
        self.file = file
        DispatchQueue.global(qos: .userInitiated).async { self.run() }
    }

    private func run() {
        do {
            try pipeline.exportEventBytes(scan) { try file.write($0) }
        } catch {
            failure = error
        }
        done.signal()
    }

    /// Waits until the export is written; its write error, if any.
    func wait() throws {
        done.wait()
        if let failure { throw failure }
    }
}
