/// Escapes text from log files for HTML (and XML: the report is well-formed XHTML too), in element
/// content and in quoted attributes alike: `&` `<` `>` `"` `'` become entities, line breaks a visible
/// `⏎`, control characters (terminal escapes) and bidirectional overrides visible `\x1b`-style text,
/// and the two characters XML forbids (U+FFFE, U+FFFF) U+FFFD. Longer text is cut at `limit` with `…`.
public enum HTMLText {
    public static func escape(_ text: String, limit: Int = 300) -> String {
        var out = ""
        out.reserveCapacity(min(text.utf8.count, limit) + 16)
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x0A: out += "⏎"
            case 0x09: out += " "
            case 0x00..<0x20, 0x7F..<0xA0: out += "\\x" + hex(scalar.value, digits: 2)
            case 0x202A...0x202E, 0x2066...0x2069: out += "\\u" + hex(scalar.value, digits: 4)
            case 0x2028, 0x2029: out += " "
            case 0xFFFE, 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
