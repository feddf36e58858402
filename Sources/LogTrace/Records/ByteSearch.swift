import CByteSearch
import Glibc

/// Byte-string tests on raw buffers (memmem and friends), so no `String` is made to ask them.
public enum ByteSearch {
    @inline(__always)
    public static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        guard haystack.count >= needle.utf8CodeUnitCount, let base = haystack.baseAddress else { return false }
        return logtrace_memmem(base, haystack.count, needle.utf8Start, needle.utf8CodeUnitCount) != nil
    }

    @inline(__always)
    public static func hasPrefix(_ text: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard text.count >= n, let base = text.baseAddress else { return n == 0 }
        return memcmp(base, prefix.utf8Start, n) == 0
    }

    @inline(__always)
    public static func hasSuffix(_ text: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard text.count >= n, let base = text.baseAddress else { return n == 0 }
        return memcmp(base + (text.count - n), suffix.utf8Start, n) == 0
    }
}
