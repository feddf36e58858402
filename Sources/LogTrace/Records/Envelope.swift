import CByteSearch
import Glibc

/// The wrapper a container runtime or `kubectl` puts around each line an application printed.
public enum Envelope: String, Sendable, Codable, CaseIterable {
    /// `kubectl logs --timestamps`: `2026-11-24T10:00:05.123456789Z <line>`.
    case kubectl
    /// The CRI file format kubelet keeps under /var/log/pods: `<time> stdout|stderr P|F <text>`.
    case cri
    /// Docker's json-file driver: `{"log":"<text>\n","stream":"stdout","time":"<RFC 3339>"}`; a `log`
    /// without the final `\n` is a fragment of a longer line.
    case docker = "docker-json"
    /// stern's `<pod> <container> <line>` (optionally with `--timestamps`): one file, many pods.
    case stern
    /// No envelope: the application's own lines.
    case none

    /// One line with its envelope taken apart. Ranges index the physical line's bytes.
    public struct Parts {
        public var timestamp: Range<Int>?
        public var content: Range<Int>
        /// CRI `P`: this is a fragment of a longer line, continued on the next physical line.
        public var isPartial = false
        public var stream: Stream = .stdout
        /// The pod the line came from, when the envelope names one (stern).
        public var pod: Range<Int>? = nil
        /// True when `content` indexes the unescaped copy passed to `parse(_:unescapingInto:)`, not the line.
        public var unescaped = false
    }

    public enum Stream: UInt8, Sendable { case stdout, stderr }

    /// Takes `line` apart; nil when the line does not carry this envelope. Envelopes that escape the
    /// text (Docker's JSON) write it, unescaped, into `scratch`.
    @inline(__always)
    public func parse(_ line: UnsafeRawBufferPointer, unescapingInto scratch: inout [UInt8]) -> Parts? {
        switch self {
        case .none:
            return Parts(timestamp: nil, content: 0..<line.count)
        case .kubectl:
            return KubectlEnvelope.parse(line)
        case .cri:
            return CRIEnvelope.parse(line)
        case .docker:
            return DockerJSONEnvelope.parse(line, into: &scratch)
        case .stern:
            return SternEnvelope.parse(line)
        }
    }

    /// `parse` for envelopes that never escape (detection, tests).
    public func parse(_ line: UnsafeRawBufferPointer) -> Parts? {
        var scratch: [UInt8] = []
        return parse(line, unescapingInto: &scratch)
    }
}

/// `kubectl logs --timestamps`: an RFC 3339 timestamp with a zone, one space, then the line.
public enum KubectlEnvelope {
    public static func parse(_ line: UnsafeRawBufferPointer) -> Envelope.Parts? {
        guard let shape = TimestampShape.measure(line), shape.hasZone, line[10] == 0x54 else { return nil }
        let end = shape.length
        if end == line.count { return Envelope.Parts(timestamp: 0..<end, content: end..<end) }
        guard line[end] == 0x20 else { return nil }
        return Envelope.Parts(timestamp: 0..<end, content: (end + 1)..<line.count)
    }
}

/// The CRI log file format (kubelet, containerd, CRI-O): `<RFC3339Nano> <stream> <P|F> <text>`.
/// containerd splits lines longer than 16 KiB into `P` fragments closed by an `F` one.
public enum CRIEnvelope {
    public static func parse(_ line: UnsafeRawBufferPointer) -> Envelope.Parts? {
        guard let shape = TimestampShape.measure(line), shape.hasZone else { return nil }
        var i = shape.length
        guard i + 8 < line.count || i + 8 == line.count, line[i] == 0x20 else { return nil }
        i += 1
        let stream: Envelope.Stream
        if matches(line, at: i, "stdout") {
            stream = .stdout
        } else if matches(line, at: i, "stderr") {
            stream = .stderr
        } else {
            return nil
        }
        i += 6
        guard i + 1 < line.count, line[i] == 0x20, line[i + 1] == 0x50 || line[i + 1] == 0x46 else { return nil }
        let partial = line[i + 1] == 0x50
        i += 2
        if i < line.count {
            guard line[i] == 0x20 else { return nil }
            i += 1
        }
        return Envelope.Parts(timestamp: 0..<shape.length, content: i..<line.count, isPartial: partial, stream: stream)
    }

    private static func matches(_ line: UnsafeRawBufferPointer, at offset: Int, _ word: StaticString) -> Bool {
        guard offset + word.utf8CodeUnitCount <= line.count else { return false }
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount where line[offset + k] != w[k] { return false }
        return true
    }
}

/// Docker's json-file log driver: one JSON object per line, the text JSON-escaped in `log`.
public enum DockerJSONEnvelope {
    static let logKey = Array("{\"log\":\"".utf8)
    static let timeKey = Array("\"time\":\"".utf8)
    static let streamKey = Array("\"stream\":\"".utf8)

    public static func parse(_ line: UnsafeRawBufferPointer, into scratch: inout [UInt8]) -> Envelope.Parts? {
        guard line.count > logKey.count, logKey.withUnsafeBytes({ memcmp(line.baseAddress!, $0.baseAddress!, logKey.count) }) == 0 else { return nil }
        scratch.removeAll(keepingCapacity: true)
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
                        appendUTF8(scalar, to: &scratch)
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
        var partial = true
        if scratch.last == 0x0A {
            scratch.removeLast()
            partial = false
        }
        if scratch.last == 0x0D { scratch.removeLast() }
        let rest = UnsafeRawBufferPointer(rebasing: line[i...])
        var timestamp: Range<Int>?
        if let at = find(timeKey, in: rest) {
            let start = i + at + timeKey.count
            var end = start
            while end < line.count && line[end] != 0x22 { end += 1 }
            timestamp = start..<end
        }
        var stream = Envelope.Stream.stdout
        if let at = find(streamKey, in: rest), i + at + streamKey.count + 6 <= line.count, line[i + at + streamKey.count + 3] == 0x65 {
            stream = .stderr  // "stderr": the fourth letter is 'e'
        }
        return Envelope.Parts(timestamp: timestamp, content: 0..<scratch.count, isPartial: partial, stream: stream, unescaped: true)
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

    private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}

/// stern's output: `<pod> <container> <line>`, and with `--timestamps` an RFC 3339 time before the line.
/// The pod must look like a generated pod name (a Deployment's or StatefulSet's), so that ordinary text
/// is not taken for it.
public enum SternEnvelope {
    public static func parse(_ line: UnsafeRawBufferPointer) -> Envelope.Parts? {
        guard let podEnd = token(line, from: 0), podEnd > 0, podEnd < line.count,
              let containerEnd = token(line, from: podEnd + 1), containerEnd > podEnd + 1 else { return nil }
        let pod = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<podEnd]), as: UTF8.self)
        guard PodIdentity.serviceName(ofPod: pod) != pod else { return nil }
        var start = min(containerEnd + 1, line.count)
        var timestamp: Range<Int>?
        if let shape = TimestampShape.measure(UnsafeRawBufferPointer(rebasing: line[start...])), shape.hasZone {
            timestamp = start..<(start + shape.length)
            start = min(start + shape.length + 1, line.count)
        }
        return Envelope.Parts(timestamp: timestamp, content: start..<line.count, pod: 0..<podEnd)
    }

    /// The end of a name token (lower-case letters, digits, `-`, `.`) starting at `from`.
    private static func token(_ line: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i < line.count {
            let c = line[i]
            if c == 0x20 { return i }
            guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E else { return nil }
            i += 1
        }
        return nil
    }
}
