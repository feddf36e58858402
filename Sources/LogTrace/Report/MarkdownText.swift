/// Escapes text from log files for Markdown so that it reads as plain text and no table breaks:
/// pipes, backticks, emphasis and link brackets are backslash-escaped, `<` `>` `&` become entities (so no
/// raw HTML or comment gets through), and line breaks and control characters (terminal escapes) become
/// visible `\n`, `\u{1B}`-style text.
public enum MarkdownText {
    public static func escape(_ text: String, limit: Int = 300) -> String {
        var text = text
        return text.withUTF8 { escape($0, limit: limit) } ?? text
    }

    /// The escaped form of `bytes` (valid UTF-8), or nil when it is the same text: most text (names,
    /// phrases, numbers) needs nothing and is returned as it is, without a copy.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String? {
        let special = Self.special
        var plain = true
        var scalars = 0
        for byte in bytes {
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte >= 0x80 || byte < 0x20 || byte == 0x7F || special[Int(byte)] || byte == 0x3C || byte == 0x3E || byte == 0x26 {
                plain = false
                break
            }
        }
        if plain && scalars <= limit { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(min(bytes.count, limit) + 16)
        var count = 0
        var i = 0
        // Byte by byte into the reserved array: an array literal per special character was an allocation each.
        while i < bytes.count {
            let byte = bytes[i]
            if count >= limit {
                out.append(0xE2); out.append(0x80); out.append(0xA6)  // …
                break
            }
            count += 1
            i += 1
            if byte < 0x80 {
                switch byte {
                case 0x3C: out.append(0x26); out.append(0x6C); out.append(0x74); out.append(0x3B)  // &lt;
                case 0x3E: out.append(0x26); out.append(0x67); out.append(0x74); out.append(0x3B)  // &gt;
                case 0x26: out.append(0x26); out.append(0x61); out.append(0x6D); out.append(0x70); out.append(0x3B)  // &amp;
                case 0x0A: out.append(0xE2); out.append(0x8F); out.append(0x8E)  // ⏎
                case 0x09: out.append(0x20)
                default:
                    if special[Int(byte)] {
                        out.append(0x5C)
                        out.append(byte)
                    } else if byte < 0x20 || byte == 0x7F {
                        out.append(0x5C); out.append(0x78); out.append(hexDigit(byte >> 4)); out.append(hexDigit(byte & 15))
                    } else {
                        out.append(byte)
                    }
                }
                continue
            }
            // A scalar of two to four bytes: C1 controls (U+0080-U+009F) and the line and paragraph
            // separators (U+2028, U+2029) are replaced, the rest copied.
            let lead = i - 1
            while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
            let length = i - lead
            if length == 2 && byte == 0xC2 && bytes[lead + 1] < 0xA0 {
                out.append(0x5C); out.append(0x78); out.append(hexDigit(bytes[lead + 1] >> 4)); out.append(hexDigit(bytes[lead + 1] & 15))
            } else if length == 3 && byte == 0xE2 && bytes[lead + 1] == 0x80 && (bytes[lead + 2] == 0xA8 || bytes[lead + 2] == 0xA9) {
                out.append(0x20)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lead..<i]))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII characters escaped with a backslash.
    private static let special: [Bool] = (0..<128).map { Array("\\`*_[]|#~!{}$".utf8).contains(UInt8($0)) }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }

    /// Text for a code span: only characters that could end or break it are replaced.
    public static func code(_ text: String) -> String {
        var text = text
        // Most spans hold none of them: their bytes are looked at, not their characters.
        let plain = text.withUTF8 { bytes in !bytes.contains { $0 == 0x60 || $0 == 0x7C || $0 == 0x0A || $0 == 0x0D } }
        return "`" + (plain ? text : text.replacingBackticksAndPipes()) + "`"
    }

}

extension String {
    fileprivate func replacingBackticksAndPipes() -> String {
        var out = ""
        for ch in self {
            switch ch {
            case "`": out += "'"
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
