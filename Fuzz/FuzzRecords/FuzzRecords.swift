import LogTrace

/// libFuzzer target over the envelope, layout, timestamp and record parsers and the matcher: the input
/// is a log file's bytes. Crashes, hangs and sanitizer reports are findings, and so is any input on
/// which skipping the records without a literal (`RecordSkipper`) finds other events than reading all.
let patterns = try! PatternLoader.load(extraDirectories: [])

/// The events of `input` as the pipeline's scanner finds them, in small blocks and records, with the
/// records holding no literal skipped or every record read.
func readEvents(_ input: UnsafeRawBufferPointer, skipping: Bool) -> [Event] {
    var options = PipelineOptions()
    options.maxLineBytes = 2048
    options.readAllRecords = !skipping
    let scanner = Pipeline(options: options).scanner(patterns: patterns, blockBytes: 2048, maxRecordBytes: 512)
    scanner.recordObserver = { record, _ in
        _ = record.orderingTimestamp.flatMap { TimestampParser().parse($0) }
        return true
    }
    return scanner.scan(MemoryByteSource(input, maxRead: 61), compression: .none, path: "f").1
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let skimmed = readEvents(input, skipping: true)
    if skimmed != readEvents(input, skipping: false) { fatalError("skipping records changed the events: \(skimmed)") }
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
