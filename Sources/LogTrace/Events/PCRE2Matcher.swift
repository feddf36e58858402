import CPCRE2

/// Per-worker match state: PCRE2 match data and a match context carrying explicit match and depth
/// limits, so a pathological pattern on a hostile line fails fast instead of stalling a batch job.
public final class PCRE2Matcher {
    public enum Outcome {
        case noMatch
        case match
        /// PCRE2 gave up at its match, depth or heap limit.
        case limitExceeded
        case error(Int32)
    }

    private let matchData: OpaquePointer
    private let context: OpaquePointer

    public init(matchLimit: UInt32 = 1_000_000, depthLimit: UInt32 = 10_000, heapLimitKiB: UInt32 = 20_000) {
        matchData = pcre2_match_data_create_8(64, nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        pcre2_set_heap_limit_8(context, heapLimitKiB)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
    }

    /// Matches `regex` in `subject`, looking from byte `start` on (lookbehinds still see what precedes it).
    public func match(_ regex: PCRE2Regex, in subject: UnsafeRawBufferPointer, from start: Int = 0) -> Outcome {
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let rc = pcre2_match_8(regex.code, base ?? UnsafePointer(bitPattern: 1), subject.count, start, 0, matchData, context)
        if rc > 0 { return .match }
        switch rc {
        case PCRE2_ERROR_NOMATCH: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded
        default: return .error(rc)
        }
    }

    /// The byte range of group `number` in the last match, nil when the group did not take part.
    public func range(ofGroup number: Int) -> Range<Int>? {
        let count = Int(pcre2_get_ovector_count_8(matchData))
        guard number < count else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let start = ovector[2 * number], end = ovector[2 * number + 1]
        if start == ~0 || end < start { return nil }
        return Int(start)..<Int(end)
    }
}
