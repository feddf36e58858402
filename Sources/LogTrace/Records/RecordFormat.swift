/// A file's format once its first lines have settled it: the envelope around each physical line and
/// the application's layout inside. It tells what a line is to the records around it, which is all a
/// reader that skips lines (`RecordSkipper`) needs to know of the format.
public struct RecordFormat: Sendable, Equatable {
    public var envelope: Envelope
    public var layout: AppLayout

    public init(envelope: Envelope, layout: AppLayout) {
        self.envelope = envelope
        self.layout = layout
    }

    /// True when every physical line makes its record on its own, so a reader may skip lines: the
    /// envelope neither escapes the text (Docker's JSON) nor splits lines into fragments (CRI `P`).
    public var linesStandAlone: Bool {
        switch envelope {
        case .none, .kubectl, .stern: return true
        case .cri, .docker: return false
        }
    }

    /// True when some record of this format can carry a timestamp.
    public var recordsMayHaveTimestamps: Bool {
        envelope != .none || layout.hasOwnTimestamps
    }

    /// What a physical line is to the records around it.
    public enum LineRole: Equatable, Sendable {
        /// It continues the record before it.
        case continuation
        /// It starts a record, with or without a timestamp of the record's own.
        case header(stamped: Bool)
    }

    /// The role of `line`; `buffer` takes the text of an envelope that escapes it.
    @inline(__always)
    public func role(of line: UnsafeRawBufferPointer, buffer: UnescapeBuffer) -> LineRole {
        guard let parts = envelope.parse(line, into: buffer) else {
            return layout.header(of: line).map { .header(stamped: $0.timestamp != nil) } ?? .continuation
        }
        guard let header = layout.header(of: parts.content) else { return .continuation }
        return .header(stamped: parts.timestamp != nil || header.timestamp != nil)
    }
}
