import CPCRE2

/// A compiled, JIT-compiled PCRE2 pattern (8-bit library, UTF mode off, so it runs on raw bytes).
/// Immutable and shared by all workers; each worker matches through its own `PCRE2Matcher`.
public final class PCRE2Regex: @unchecked Sendable {
    let code: OpaquePointer
    /// Named groups and their numbers, in name order.
    public let groupNames: [(name: String, number: Int)]

    /// A compile failure: PCRE2's message and the offset in the pattern where it stopped.
    public struct CompileError: Error, Sendable {
        public var message: String
        public var offset: Int
    }

    public init(_ pattern: String) throws(CompileError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, 0, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw CompileError(message: PCRE2Regex.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))
        groupNames = PCRE2Regex.readNameTable(compiled)
    }

    deinit {
        pcre2_code_free_8(code)
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(errorCode)"
    }

    private static func readNameTable(_ code: OpaquePointer) -> [(name: String, number: Int)] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table, count > 0 else { return [] }
        var names: [(name: String, number: Int)] = []
        for i in 0..<Int(count) {
            let entry = table + i * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            names.append((String(cString: entry + 2), number))
        }
        return names.sorted { $0.name < $1.name }
    }
}
