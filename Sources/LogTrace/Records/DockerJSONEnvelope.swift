import CByteSearch
import Glibc

/// Docker's json-file log driver: one JSON object per line, the text JSON-escaped in `log`.
public enum DockerJSONEnvelope {
    static let logKey = Array("{\"log\":\"".utf8)
    static let timeKey = Array("\"time\":\"".utf8)
    static let streamKey = Array("\"stream\":\"".utf8)

    public static func parse(_ line: UnsafeRawBufferPointer, into scratch: UnescapeBuffer) -> Envelope.Parts? {
        guard line.count > logKey.count, logKey.withUnsafeBytes({ memcmp(line.baseAddress!, $0.baseAddress!, logKey.count) }) == 0 else { return nil }
        scratch.reset(reserving: line.count)
        var i = logKey.count
        var closed = false
        while i < line.count {
            let c = line[i]
            if c == 0x22 {
                closed = true
                i += 1
                break
            }
            if c == 0x5C && i + 1 < line.count {
                i += 1
                switch line[i] {
                case 0x6E: scratch.append(0x0A)
                case 0x74: scratch.append(0x09)
                case 0x72: scratch.append(0x0D)
                case 0x62: scratch.append(0x08)
                case 0x66: scratch.append(0x0C)
                case 0x75:
                    if i + 4 < line.count, let scalar = hex4(line, i + 1) {
                        appendUTF8(scalar, to: scratch)
                        i += 4
                    }
                default: scratch.append(line[i])
                }
                i += 1
                continue
            }
            scratch.append(c)
            i += 1
        }
        guard closed else { return nil }
        let partial = !scratch.dropLast(if: 0x0A)
        _ = scratch.dropLast(if: 0x0D)
        let rest = UnsafeRawBufferPointer(rebasing: line[i...])
        var timestamp: UnsafeRawBufferPointer?
        if let at = find(timeKey, in: rest) {
            let start = i + at + timeKey.count
            var end = start
            while end < line.count && line[end] != 0x22 { end += 1 }
            timestamp = UnsafeRawBufferPointer(rebasing: line[start..<end])
        }
        var stream = Envelope.Stream.stdout
        if let at = find(streamKey, in: rest), i + at + streamKey.count + 6 <= line.count, line[i + at + streamKey.count + 3] == 0x65 {
            stream = .stderr  // "stderr": the fourth letter is 'e'
        }
        return Envelope.Parts(timestamp: timestamp, content: scratch.bytes, isPartial: partial, stream: stream)
    }

    private static func find(_ key: [UInt8], in text: UnsafeRawBufferPointer) -> Int? {
        guard text.count >= key.count else { return nil }
        return key.withUnsafeBytes { k in
            logtrace_memmem(text.baseAddress!, text.count, k.baseAddress!, k.count).map { text.baseAddress!.distance(to: UnsafeRawPointer($0)) }
        }
    }

    private static func hex4(_ line: UnsafeRawBufferPointer, _ at: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in at..<(at + 4) {
            let c = line[k]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    private static func appendUTF8(_ value: UInt32, to out: UnescapeBuffer) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out.append(contentsOf: String(Character(scalar)).utf8)
    }
}
