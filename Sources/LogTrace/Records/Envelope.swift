/// The wrapper a container runtime or `kubectl` puts around each line an application printed.
public enum Envelope: String, Sendable, Codable, CaseIterable {
    /// `kubectl logs --timestamps`: `2026-11-24T10:00:05.123456789Z <line>`.
    case kubectl
    /// The CRI file format kubelet keeps under /var/log/pods: `<time> stdout|stderr P|F <text>`.
    case cri
    /// No envelope: the application's own lines.
    case none

    /// One line with its envelope taken apart. Ranges index the physical line's bytes.
    public struct Parts {
        public var timestamp: Range<Int>?
        public var content: Range<Int>
        /// CRI `P`: this is a fragment of a longer line, continued on the next physical line.
        public var isPartial = false
        public var stream: Stream = .stdout
    }

    public enum Stream: UInt8, Sendable { case stdout, stderr }

    /// Takes `line` apart; nil when the line does not carry this envelope.
    @inline(__always)
    public func parse(_ line: UnsafeRawBufferPointer) -> Parts? {
        switch self {
        case .none:
            return Parts(timestamp: nil, content: 0..<line.count)
        case .kubectl:
            return KubectlEnvelope.parse(line)
        case .cri:
            return CRIEnvelope.parse(line)
        }
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
