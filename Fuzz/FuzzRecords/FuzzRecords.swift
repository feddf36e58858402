import LogTrace

/// libFuzzer target over the envelope, layout, timestamp and record parsers and the matcher: the input
/// is a log file's bytes. Crashes, hangs and sanitizer reports are findings.
let patterns = try! PatternLoader.load(extraDirectories: [])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let matcher = EventMatcher(patterns: patterns)
    let hits = LiteralHits(patterns)
    var events = 0
    let records = RecordReader(maxRecordBytes: 512, maxLineBytes: 2048) { record in
        if matcher.match(record, service: "s", pod: "p", file: "f") != nil { events += 1 }
        _ = record.orderingTimestamp.flatMap { TimestampParser().parse($0) }
    }
    let lines = LineReader(bufferSize: 4096, maxLineBytes: 2048)
    try? lines.forEachLine(of: MemoryByteSource(input, maxRead: 61), onBlock: hits.map { h in { h.scan($0, at: $1) } }) { line, number, _, offset in
        records.feed(line, number: number, literals: hits?.mask(lineAt: offset, length: line.count))
    }
    records.finish()
    _ = TimestampParser(defaultOffsetSeconds: 3600).parse(input)
    return 0
}

/// SwiftPM links an executable target's entry point as `FuzzRecords_main`; hand over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("FuzzRecords_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
