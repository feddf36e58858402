import Foundation
import Synchronization

/// Reads many files with a pool of workers and merges their results in a fixed order, so the outcome
/// does not depend on the number of workers or which finished first.
public struct IngestJob: Sendable {
    public var paths: [String]
    public var jobs: Int
    public var options: FileScanner.Options
    public var patterns: PatternSet

    public init(paths: [String], jobs: Int, options: FileScanner.Options, patterns: PatternSet) {
        self.paths = paths
        self.jobs = max(1, jobs)
        self.options = options
        self.patterns = patterns
    }

    /// Runs the job; `progress`, when given, is told of bytes and files done as they happen.
    public func run(progress: ScanProgress? = nil) -> ScanResult {
        let slots = ResultSlots(count: paths.count)
        let next = Atomic<Int>(0)
        let workers = min(jobs, max(1, paths.count))
        let paths = self.paths, patterns = self.patterns
        var tuned = self.options
        // Idle cores decompress ahead of the workers.
        tuned.prefetch = tuned.prefetch || jobs > paths.count
        let options = tuned
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let scanner = FileScanner(patterns: patterns, options: options)
            if let progress { scanner.progress = progress.bytesRead }
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= paths.count { break }
                let (summary, events) = scanner.scan(path: paths[index])
                slots.store(index, ScanResult(files: [summary], events: events))
                progress?.fileDone()
            }
        }
        var results = slots.take()
        var merged = ScanResult()
        merged.files.reserveCapacity(results.count)
        merged.events.reserveCapacity(results.reduce(0) { $0 + $1.events.count })
        for index in results.indices {
            merged.files += results[index].files
            merged.events += results[index].events
            results[index] = ScanResult()
        }
        results = []
        merged.normalize()
        return merged
    }
}

/// One result slot per input, filled by whichever worker read it.
final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ScanResult]

    init(count: Int) {
        results = Array(repeating: ScanResult(), count: count)
    }

    func store(_ index: Int, _ result: ScanResult) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    /// The results, moved out: the slots are left empty, so that no second reference keeps them.
    func take() -> [ScanResult] {
        lock.lock()
        defer { lock.unlock() }
        let taken = results
        results = []
        return taken
    }
}
