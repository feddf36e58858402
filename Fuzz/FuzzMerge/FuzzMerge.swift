import CZlib
import Glibc
import LogTrace

/// libFuzzer target over `logtrace merge`: the input is a partial result, a seed from Fuzz/corpus/merge
/// (real partials of samples/) after libFuzzer's byte edits and the line edits of `customMutator` below
/// (lines lost, doubled, swapped, moved or edited, cuts, blank lines, CRLF, data after the trailer, and
/// the same in gzip, whole or in several members). Merge must either refuse it, with the partial error
/// naming the file, or write exactly the report of the seed it was made from: anything else is a finding.

/// Where each input is written for `Pipeline.merge` to read, as `logtrace merge` would.
let partialPath = "/tmp/logtrace-fuzz-merge-\(getpid()).partial"

/// The Markdown and JSON reports merge writes for a partial at `path`, or the error it refuses it with.
func mergedReports(_ path: String) -> Result<String, any Error> {
    do {
        let (scan, patterns, missing) = try Pipeline.merge([path], allowMissing: true)
        let pipeline = Pipeline()
        let report = pipeline.report(scan, patterns: patterns, missingShards: missing.isEmpty ? nil : missing)
        var text = ""
        Pipeline.render(report, as: .markdown) { text += $0 }
        Pipeline.render(report, as: .json) { text += $0 }
        return .success(text)
    } catch {
        return .failure(error)
    }
}

/// The reports of the unedited seeds: an accepted input must give one of them.
let seedReports: Set<String> = {
    let folder = getenv("LOGTRACE_FUZZ_MERGE_SEEDS").map { String(cString: $0) } ?? "Fuzz/corpus/merge"
    guard let names = DirectoryListing.names(in: folder), !names.isEmpty else { fatalError("no seed partials in \(folder)") }
    var reports = Set<String>()
    for name in names {
        switch mergedReports(folder + "/" + name) {
        case .success(let text): reports.insert(text)
        case .failure(let error): fatalError("seed \(folder)/\(name) is not a valid partial: \(error)")
        }
    }
    return reports
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = seedReports
    let fd = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(fd >= 0, "cannot create \(partialPath)")
    precondition(write(fd, data, size) == size, "cannot write \(partialPath)")
    close(fd)
    switch mergedReports(partialPath) {
    case .success(let text):
        if !seedReports.contains(text) { fatalError("merge accepted an edited partial and wrote a report no seed gives") }
    case .failure(let error):
        guard let problem = error as? PartialResult.Problem else { fatalError("merge failed with \(type(of: error)), not the partial error: \(error)") }
        if !problem.description.hasPrefix(partialPath) { fatalError("merge's refusal does not name the partial: \(problem)") }
    }
    return 0
}

// MARK: - Line edits

/// A small deterministic generator seeded by libFuzzer, so that a mutation can be replayed.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

/// The text of a gzip stream (nil if it is not one that inflates in full).
func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
    bytes.withUnsafeBytes { raw -> [UInt8]? in
        let reader = GzipReader(source: MemoryByteSource(raw), backend: .zlib)
        var out: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        do throws(InputError) {
            while true {
                let n = try reader.read(into: chunk)
                if n == 0 { return out }
                out += chunk[0..<n]
            }
        } catch {
            return nil
        }
    }
}

/// One gzip member holding `text`.
func gzipMember(_ text: ArraySlice<UInt8>) -> [UInt8] {
    var stream = z_stream()
    precondition(logtrace_deflateInit2(&stream, 6, 15 + 16) == Z_OK)
    defer { deflateEnd(&stream) }
    var input = Array(text)
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
        out.withUnsafeMutableBufferPointer { outBuffer -> Int in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = UInt32(outBuffer.count)
            precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(out[0..<produced])
}

/// Splits `text` into lines, each with its `\n` (the last may have none).
func lines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for (i, byte) in text.enumerated() where byte == 0x0A {
        result.append(text[start...i])
        start = i + 1
    }
    if start < text.count { result.append(text[start...]) }
    return result
}

/// One edit of a partial's lines, of the kinds a shard killed mid-write, a copy gone wrong or a hand edit
/// make; `edit` is libFuzzer's own byte mutator, for the edits inside one line.
func editLines(_ text: [UInt8], _ random: inout SplitMix, _ edit: ([UInt8]) -> [UInt8]) -> [UInt8] {
    var parts = lines(text)
    guard !parts.isEmpty else { return text }
    let i = random.below(parts.count), j = random.below(parts.count)
    switch random.below(12) {
    case 0: parts.remove(at: i)
    case 1: parts.insert(parts[i], at: j)
    case 2: parts.swapAt(i, j)
    case 3: parts.insert(parts.remove(at: i), at: j)
    case 4: parts = Array(parts[..<i])
    case 5: return Array(text[..<random.below(text.count + 1)])
    case 6: parts[i] = ArraySlice(edit(Array(parts[i])))
    case 7: parts.insert([0x0A], at: i)
    case 8: parts = parts.map { $0.last == 0x0A ? $0.dropLast() + [0x0D, 0x0A] : $0 }
    case 9: parts.append(ArraySlice(edit(Array(parts[i]))))
    case 10: parts[i] = ArraySlice(Array(parts[i]).map { $0 == 0x3A ? 0x20 : $0 })
    default: parts.insert(ArraySlice(parts[i].prefix(random.below(parts[i].count + 1))), at: i)
    }
    return parts.flatMap { $0 }
}

/// `text` compressed as one gzip member, as several cut at random bytes, or with zeros or garbage after.
func recompress(_ text: [UInt8], _ random: inout SplitMix) -> [UInt8] {
    switch random.below(4) {
    case 0:
        var cuts = (0..<(1 + random.below(3))).map { _ in random.below(text.count + 1) }.sorted()
        cuts.insert(0, at: 0)
        cuts.append(text.count)
        return zip(cuts, cuts.dropFirst()).flatMap { gzipMember(text[$0..<$1]) }
    case 1: return gzipMember(text[...]) + [UInt8](repeating: 0, count: 1 + random.below(16))
    case 2: return gzipMember(text[...]) + Array(text.prefix(1 + random.below(64)))
    default: return gzipMember(text[...])
    }
}

@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// libFuzzer's byte edits half the time; otherwise a line edit of the (decompressed) text, written back
/// plain or compressed.
@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    var random = SplitMix(state: UInt64(seed))
    if random.below(2) == 0 { return LLVMFuzzerMutate(data, size, maxSize) }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let compressed = size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    guard let text = compressed ? gunzip(bytes) : bytes else { return LLVMFuzzerMutate(data, size, maxSize) }
    let edited = editLines(text, &random) { line in
        var copy = line + [UInt8](repeating: 0, count: 16)
        let n = LLVMFuzzerMutate(&copy, line.count, copy.count)
        return Array(copy[0..<n])
    }
    let out = compressed || random.below(8) == 0 ? recompress(edited, &random) : edited
    guard out.count <= maxSize else { return LLVMFuzzerMutate(data, size, maxSize) }
    out.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: out.count) }
    return out.count
}

/// SwiftPM links an executable target's entry point as `FuzzMerge_main`; hand over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("FuzzMerge_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
