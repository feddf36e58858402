import XCTest
@testable import LogTrace

final class MarkdownTextTests: XCTestCase {
    /// The escaping as first written, scalar by scalar: the byte-wise one must give the same text.
    static func reference(_ text: String, limit: Int = 300) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!", "{", "}", "$": out += "\\" + String(scalar)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n": out += "⏎"
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(2)
                } else if scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Random text over every character class the escaping treats apart, multi-byte scalars, C1
    /// controls and line separators included, at limits below and above its length.
    func testByteWiseEscapingEqualsTheScalarWiseOne() {
        let alphabet: [Unicode.Scalar] = Array("az AZ09.,:;-=/()\\`*_[]|#~!{}$<>&\n\t\r\u{1B}\u{7F}é€😀\u{85}\u{9F}\u{A0}\u{2028}\u{2029}".unicodeScalars)
        var seed: UInt64 = 7
        for _ in 0..<3000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(seed >> 58)
            var text = String.UnicodeScalarView()
            for i in 0..<length {
                text.append(alphabet[Int((seed >> UInt64(i % 50)) % UInt64(alphabet.count) + UInt64(i)) % alphabet.count])
            }
            let s = String(text)
            for limit in [3, 40, 300] {
                XCTAssertEqual(MarkdownText.escape(s, limit: limit), Self.reference(s, limit: limit), s.debugDescription)
            }
        }
        XCTAssertEqual(MarkdownText.escape("orders-api"), "orders-api")
        XCTAssertEqual(MarkdownText.escape("a|b_c <x>\n"), "a\\|b\\_c &lt;x&gt;⏎")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
