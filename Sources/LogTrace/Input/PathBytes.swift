import Synchronization

/// File names that are not UTF-8 text (or hold control bytes), kept byte for byte: a folder listing
/// shows each such byte as `\xHH` in the path it hands on (which the report and stderr print), and
/// records the real bytes here, which every open and stat of that shown path uses.
public enum PathBytes {
    private static let recorded = Mutex<[String: [UInt8]]>([:])

    /// `bytes` as a path to show: itself when it is UTF-8 without control bytes, else with each byte
    /// that is not (and each control byte) written `\xHH`, the real bytes recorded under that name.
    public static func shown(_ bytes: [UInt8]) -> String {
        var text = ""
        var escaped = false
        var i = 0
        while i < bytes.count {
            let length = validLength(bytes, at: i)
            if length > 0 && !(length == 1 && (bytes[i] < 0x20 || bytes[i] == 0x7F)) {
                text += String(decoding: bytes[i..<(i + length)], as: UTF8.self)
                i += length
            } else {
                let hex = String(bytes[i], radix: 16, uppercase: false)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                escaped = true
                i += 1
            }
        }
        if escaped { recorded.withLock { $0[text] = bytes } }
        return text
    }

    /// The real bytes of `path`: those recorded for it when it was shown escaped, else its UTF-8.
    public static func bytes(of path: String) -> [UInt8] {
        if path.utf8.contains(0x5C), let raw = recorded.withLock({ $0[path] }) { return raw }
        return Array(path.utf8)
    }

    /// Calls `body` with `path`'s real bytes as a C string, for open(2), stat(2) and the like.
    public static func withCString<R>(_ path: String, _ body: (UnsafePointer<CChar>) -> R) -> R {
        var raw = bytes(of: path).map { CChar(bitPattern: $0) }
        raw.append(0)
        return raw.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// The length of the UTF-8 sequence at `bytes[i]`, or 0 when none starts there.
    private static func validLength(_ bytes: [UInt8], at i: Int) -> Int {
        let lead = bytes[i]
        if lead < 0x80 { return 1 }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
        guard length > 0, i + length <= bytes.count,
              String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil else { return 0 }
        return length
    }
}
