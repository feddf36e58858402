/// One log record, borrowed from the reader's buffers for the duration of a callback: a header line and
/// the continuation lines that belong to it, with the envelope removed.
public struct RecordView {
    /// The record's text: header content, then `\n` and each continuation line.
    public var text: UnsafeRawBufferPointer
    /// 1-based number of the record's first physical line in the decompressed file.
    public var firstLine: Int
    /// Physical lines the record spans.
    public var lineCount: Int
    /// The envelope's timestamp bytes (kubectl or CRI), when the header line had one.
    public var envelopeTimestamp: UnsafeRawBufferPointer?
    /// The application's own timestamp bytes, when its layout has one.
    public var appTimestamp: UnsafeRawBufferPointer?
    /// The previous record's timestamp, for records with none of their own.
    public var inheritedTimestamp: UnsafeRawBufferPointer?
    /// The level word (`WARN`, `ERROR`), when found.
    public var level: UnsafeRawBufferPointer?
    /// True when the record was cut at the record size limit.
    public var truncated: Bool
    /// The prefilter literals in the record's lines, as found by the block-wide search; nil when not
    /// known (the matcher then searches the record itself).
    public var literalMask: LiteralMask? = nil
    /// True when `literalMask` was found in escaped text (Docker's JSON): literals with a byte the
    /// envelope escapes (`PatternSet.escapableLiterals`) are then not in it.
    public var literalMaskFromEscapedText = false
    /// The pod the envelope names for this record (stern), overriding the file's.
    public var pod: UnsafeRawBufferPointer? = nil

    /// The timestamp bytes ordering uses: the envelope's, else the application's, else the previous record's.
    public var orderingTimestamp: UnsafeRawBufferPointer? {
        envelopeTimestamp ?? appTimestamp ?? inheritedTimestamp
    }
}
