/// A log line with its variable parts masked, Drain-style, so that the lines one statement logs share one
/// text: every word holding a digit (numbers, times, hex and UUID ids, IP addresses, `host:port`, client
/// ids such as `producer-1`) and every quoted value holding a digit become `<*>`. Words are split at
/// spaces and at `,;()[]{}<>="'|`; a word's trailing `.` and `:` are kept after its mask. A run of
/// spaces becomes one space, and the text is cut at `limit` bytes (marked `…`).
public enum LineTemplate {
    /// The longest template kept, in bytes before the `…`.
    public static let limit = 200
    /// The mask of a variable word.
    public static let mask: [UInt8] = Array("<*>".utf8)

    /// The most bytes `make(_:at:)` writes through its pointer: the limit, a mask or word end past
    /// it, and the `…`.
    public static let room = limit + 3 + 8

    /// Writes the template of `text` (one line) into `out`, emptied first.
    public static func make(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        if out.count < room { out.append(contentsOf: repeatElement(0, count: room - out.count)) }
        let count = out.withUnsafeMutableBufferPointer { make(text, at: $0.baseAddress!) }
        out.removeLast(out.count - count)
    }

    /// Writes the template of `text` (one line) at `o`, which has room for `room` bytes; returns its
    /// length. One pass over the bytes: a run of spaces is stepped over at once, a word without a digit
    /// copied whole.
    public static func make(_ text: UnsafeRawBufferPointer, at o: UnsafeMutablePointer<UInt8>) -> Int {
        let n = text.count
        guard n > 0 else { return 0 }
        let t = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let classes = byteClasses
        // The mask is 3 bytes: a word's copy stops 3 bytes past the limit, as a mask may reach.
        let wordLimit = limit + 3
        var i = 0, w = 0
        var cut = false
        while i < n && w < limit {
            let c = t[i]
            if c == 0x20 || c == 0x09 {
                if w > 0 && o[w - 1] != 0x20 { o[w] = 0x20; w += 1 }
                i += 1
                if w < limit { while i < n && (t[i] == 0x20 || t[i] == 0x09) { i += 1 } }
            } else if (c == 0x22 || c == 0x27), let close = quotedEnd(text, from: i, quote: c) {
                o[w] = c; o[w + 1] = 0x3C; o[w + 2] = 0x2A; o[w + 3] = 0x3E; o[w + 4] = c
                w += 5
                i = close + 1
            } else if isSeparator(c) {
                o[w] = c; w += 1
                i += 1
            } else {
                // The word is copied as it is scanned; when it holds a digit, the copy is taken back and
                // the mask written instead, before its trailing `.` and `:`.
                let wordStart = w
                var j = i
                var kinds: UInt8 = 0
                while j < n {
                    let d = t[j]
                    let kind = classes[Int(d)]
                    if kind & 1 != 0 { break }
                    kinds |= kind
                    if w < wordLimit { o[w] = d; w += 1 }
                    j += 1
                }
                if kinds & 2 != 0 {
                    var end = j
                    while end > i && (t[end - 1] == 0x2E || t[end - 1] == 0x3A) { end -= 1 }
                    w = wordStart
                    o[w] = 0x3C; o[w + 1] = 0x2A; o[w + 2] = 0x3E
                    w += 3
                    let stop = min(j, end + max(0, wordLimit - w))
                    var k = end
                    while k < stop { o[w] = t[k]; w += 1; k += 1 }
                    if stop < j { cut = true }
                } else if w - wordStart < j - i {
                    // A word past the limit is cut there.
                    cut = true
                }
                i = j
            }
        }
        while w > 0 && o[w - 1] == 0x20 { w -= 1 }
        if i < n || cut || w > limit {
            if w > limit { w = limit }
            o[w] = 0xE2; o[w + 1] = 0x80; o[w + 2] = 0xA6
            w += 3
        }
        return w
    }

    /// The template of `text` as a string (tests, `patterns` help).
    public static func make(_ text: String) -> String {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { make(UnsafeRawBufferPointer($0), into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The closing quote of a quoted value at `from` worth masking: at most 64 bytes, on one line, holding
    /// a digit, opened after a word's end (start, space, `=`, `:`, `(`, `[`, `,`) and closed before one
    /// (end, space, `,`, `)`, `]`, `}`, `;`, `.`, `:`); nil otherwise.
    static func quotedEnd(_ text: UnsafeRawBufferPointer, from: Int, quote: UInt8) -> Int? {
        if from > 0 {
            let before = text[from - 1]
            guard before == 0x20 || before == 0x3D || before == 0x3A || before == 0x28 || before == 0x5B || before == 0x2C else { return nil }
        }
        var j = from + 1
        var digit = false
        while j < text.count && j - from <= 64 {
            let c = text[j]
            if c == quote {
                guard digit else { return nil }
                if j + 1 < text.count {
                    let after = text[j + 1]
                    guard after == 0x20 || after == 0x2C || after == 0x29 || after == 0x5D || after == 0x7D || after == 0x3B
                        || after == 0x2E || after == 0x3A else { return nil }
                }
                return j
            }
            if c == 0x0A { return nil }
            if c >= 0x30 && c <= 0x39 { digit = true }
            j += 1
        }
        return nil
    }

    /// Per byte value: 1 when it ends a word (a separator, a space, a tab), 2 when it is a digit.
    /// Written once, then only read.
    nonisolated(unsafe) private static let byteClasses: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for c in 0..<256 {
            let byte = UInt8(c)
            table[c] = (isSeparator(byte) || byte == 0x20 || byte == 0x09 ? 1 : 0) | (byte >= 0x30 && byte <= 0x39 ? 2 : 0)
        }
        return UnsafePointer(table)
    }()

    @inline(__always)
    static func isSeparator(_ c: UInt8) -> Bool {
        switch c {
        case 0x2C, 0x3B, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x3C, 0x3E, 0x3D, 0x22, 0x27, 0x7C: return true
        default: return false
        }
    }
}
