/// Escapes text from log files for Markdown so that it reads as plain text and no table breaks:
/// pipes, backticks, emphasis and link brackets are backslash-escaped, `<` `>` `&` become entities (so no
/// raw HTML or comment gets through), and line breaks and control characters (terminal escapes) become
/// visible `\n`, `\u{1B}`-style text.
public enum MarkdownText {
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
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!", "{", "}", "$":
                out += "\\" + String(scalar)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n": out += "⏎"
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) {
                    out += "\\x" + hex(scalar.value)
                } else if scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for a code span: only characters that could end or break it are replaced.
    public static func code(_ text: String) -> String {
        "`" + text.replacingBackticksAndPipes() + "`"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4) & 15], digits[Int(value) & 15]])
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
