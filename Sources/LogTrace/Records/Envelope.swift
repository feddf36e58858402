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

    /// One line with its envelope taken apart, borrowed: the bytes lie in the physical line, except
    /// `content` of an envelope that escapes the text, which lies in the `UnescapeBuffer` given to
    /// `parse`. Valid until the line's buffer changes or that buffer is parsed into again.
    public struct Parts {
        /// The envelope's own timestamp, when it has one.
        public var timestamp: UnsafeRawBufferPointer?
        /// The line the application printed, envelope removed and unescaped.
        public var content: UnsafeRawBufferPointer
        /// CRI `P`, Docker `log` without `\n`: a fragment of a longer line, continued on a later line.
        public var isPartial = false
        public var stream: Stream = .stdout
        /// The pod the line came from, when the envelope names one (stern).
        public var pod: UnsafeRawBufferPointer? = nil
    }

    /// The container stream a line was written to.
    public enum Stream: UInt8, Sendable { case stdout, stderr }

    /// True when this envelope can hide a literal: it escapes the text (Docker's JSON), so a literal
    /// holding an escapable byte is not found in the physical line.
    public var escapesText: Bool { self == .docker }

    /// Takes `line` apart; nil when the line does not carry this envelope. Envelopes that escape the
    /// text (Docker's JSON) write it, unescaped, into `buffer`.
    @inline(__always)
    public func parse(_ line: UnsafeRawBufferPointer, into buffer: UnescapeBuffer) -> Parts? {
        switch self {
        case .none:
            return Parts(timestamp: nil, content: line)
        case .kubectl:
            return KubectlEnvelope.parse(line)
        case .cri:
            return CRIEnvelope.parse(line)
        case .docker:
            return DockerJSONEnvelope.parse(line, into: buffer)
        case .stern:
            return SternEnvelope.parse(line)
        }
    }
}
