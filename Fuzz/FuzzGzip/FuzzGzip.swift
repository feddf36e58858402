import LogTrace

/// libFuzzer target over the gzip reader, differential: ISA-L and zlib must give the same bytes for a stream
/// both read in full, and a stream one reads in full the other must too (a header with a CRC was read by
/// zlib and refused by ISA-L).
func inflate(_ input: UnsafeRawBufferPointer, _ backend: InflateBackend) -> ([UInt8], InputError?) {
    let reader = GzipReader(source: MemoryByteSource(input, maxRead: 997), backend: backend, bufferSize: 1024)
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
    defer { buffer.deallocate() }
    do throws(InputError) {
        while out.count < 4 << 20 {
            let n = try reader.read(into: buffer)
            if n == 0 { break }
            out += buffer[0..<n]
        }
    } catch {
        return (out, error)
    }
    return (out, nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard size >= 2, input[0] == 0x1f, input[1] == 0x8b else { return 0 }
    let (isal, isalError) = inflate(input, .isal)
    let (zlib, zlibError) = inflate(input, .zlib)
    if isalError == nil && zlibError == nil && isal != zlib {
        fatalError("ISA-L and zlib decompressed the same gzip stream differently")
    }
    if (isalError == nil) != (zlibError == nil) && max(isal.count, zlib.count) < 4 << 20 {
        fatalError("one backend read the stream in full, the other did not: ISA-L \(isalError.map(String.init(describing:)) ?? "ok"), zlib \(zlibError.map(String.init(describing:)) ?? "ok")")
    }
    return 0
}

/// SwiftPM links an executable target's entry point as `FuzzGzip_main`; hand over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("FuzzGzip_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
