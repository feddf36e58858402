import Foundation
import XCTest
@testable import LogTrace

/// Helpers shared by the tests: fixture paths, temporary files, real gzip, and running the binary.
enum TestSupport {
    /// The folder holding this file.
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    /// The repository root.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func fixture(_ relative: String) -> String { testsRoot + "/" + relative }

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) -> String {
        let path = NSTemporaryDirectory() + "logtrace-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    static func write(_ text: String, to path: String) {
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) {
        try! Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The bytes of `path`; a file that cannot be read fails the test (it does not crash the run).
    static func readBytes(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            XCTFail("cannot read \(path): \(error)", file: file, line: line)
            return []
        }
    }

    /// Compresses `data` with the real `gzip` program (no name, no time stamp).
    static func gzip(_ data: [UInt8], level: Int = 6) -> [UInt8] {
        run("/bin/sh", ["-c", "gzip -n -\(level) -c"], input: data).stdout
    }

    /// Runs a program, feeding `input` on stdin; returns its status and output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]? = nil,
                    environment: [String: String]? = nil) -> (status: Int32, stdout: [UInt8], stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try! process.run()
        let writer = Thread {
            if let input { inPipe.fileHandleForWriting.write(Data(input)) }
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()
        let errBox = DataBox()
        let errReader = Thread { errBox.set(errPipe.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return (process.terminationStatus, [UInt8](out), String(decoding: errBox.get(), as: UTF8.self))
    }

    /// The built `logtrace` executable, next to the test bundle.
    static var logtraceBinary: String { binary(near: Bundle(for: Marker.self).bundleURL) }

    /// The first `logtrace` executable file beside `bundle` or beside a folder above it.
    static func binary(near bundle: URL) -> String {
        var url = bundle
        while url.path != "/" {
            let candidate = url.deletingLastPathComponent().appendingPathComponent("logtrace").path
            // A clone named `logtrace` is an executable folder too: only a file is the binary.
            var isFolder: ObjCBool = false
            if FileManager.default.isExecutableFile(atPath: candidate),
               FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
            url = url.deletingLastPathComponent()
        }
        return repoRoot + "/.build/debug/logtrace"
    }

    /// Runs `logtrace` with `arguments` from the repository root.
    static func logtrace(_ arguments: [String], input: [UInt8]? = nil) -> (status: Int32, stdout: String, stderr: String) {
        let result = run("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", repoRoot, logtraceBinary] + arguments, input: input)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.stderr)
    }

    /// Every byte a source yields, and the error that stopped it, if any.
    static func drain(_ source: any ByteSource, chunk: Int = 4096) -> ([UInt8], InputError?) {
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        do throws(InputError) {
            while true {
                let n = try source.read(into: buffer)
                if n == 0 { break }
                out += buffer[0..<n]
            }
        } catch {
            return (out, error)
        }
        return (out, nil)
    }

    /// The default pattern set from the repository's patterns/ folder.
    static let defaultPatterns: PatternSet = try! PatternLoader.load(extraDirectories: [], includeDefaults: true)

    /// Runs the whole pipeline in-process and returns the JSON report decoded.
    static func ingest(_ paths: [String], jobs: Int = 2, gap: Double = 300, patterns: PatternSet = defaultPatterns,
                       inflate: InflateBackend = .isal) -> (report: Report, scan: ScanResult) {
        var options = PipelineOptions()
        options.inflate = inflate
        options.jobs = jobs
        options.gapSeconds = gap
        let pipeline = Pipeline(options: options)
        let scan = pipeline.scan(paths, patterns: patterns)
        return (pipeline.report(scan, patterns: patterns), scan)
    }

    final class Marker {}

    final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
        func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    }
}
