/// How one record of a file was read, for `ingest --explain FILE`: where it starts, what timestamp
/// and level were found, and which pattern (if any) matched it.
public struct RecordExplanation: Sendable {
    public var firstLine: Int
    public var lineCount: Int
    public var envelopeTimestamp: String?
    public var appTimestamp: String?
    public var time: String?
    public var level: String?
    public var text: String
    public var event: Event?

    /// The file's envelope and layout, and its first `limit` records explained.
    public static func explain(path: String, patterns: PatternSet, options: FileScanner.Options, limit: Int)
        -> (envelope: Envelope?, layout: AppLayout?, records: [RecordExplanation], error: InputError?) {
        let matcher = EventMatcher(patterns: patterns, timestampParser: options.timestampParser)
        var explained: [RecordExplanation] = []
        let opened: (source: any ByteSource, compression: InputOpener.Compression)
        do {
            opened = try InputOpener.open(path: path, backend: options.inflate)
        } catch {
            return (nil, nil, [], error)
        }
        func string(_ bytes: UnsafeRawBufferPointer?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
        let records = RecordReader(maxRecordBytes: options.maxRecordBytes, maxLineBytes: options.maxLineBytes) { record in
            guard explained.count < limit else { return }
            let event = matcher.match(record, service: "-", pod: "-", file: path)
            let time = record.orderingTimestamp.flatMap { options.timestampParser.parse($0)?.0.format(fractionDigits: 9) }
            let head = record.text.prefix(160)
            explained.append(RecordExplanation(
                firstLine: record.firstLine, lineCount: record.lineCount,
                envelopeTimestamp: string(record.envelopeTimestamp), appTimestamp: string(record.appTimestamp),
                time: time.map { record.inheritedTimestamp != nil ? $0 + " (inherited)" : $0 },
                level: string(record.level), text: String(decoding: UnsafeRawBufferPointer(rebasing: head), as: UTF8.self), event: event))
        }
        let lines = LineReader(bufferSize: 1 << 20, maxLineBytes: options.maxLineBytes)
        var failure: InputError?
        do {
            try lines.forEachLine(of: opened.source) { line, number, _, _ in
                if explained.count < limit { records.feed(line, number: number) }
            }
        } catch {
            failure = error
        }
        records.finish()
        return (records.envelope, records.layout, explained, failure)
    }
}
