/// What `ingest --explain FILE:LINE` shows of one line: how its file was read (envelope, layout,
/// attribution), the record the line belongs to (its boundaries, timestamps, level, text without the
/// envelope), and every pattern entry tried on it, with the winner's captures and the near-misses.
public struct LineExplanation: Sendable {
    /// The line asked about, 1-based, in the decompressed file.
    public var line: Int
    /// The file's format and attribution; its `records` hold the record explained, if it was reached.
    public var file: FileExplanation
    /// The record's text, line by line (header content, then each continuation line), each cut at
    /// `lineLimit` bytes, at most `linesShown` of them.
    public var recordLines: [String]
    /// Every entry tried on the record; nil when the line was not reached.
    public var trial: PatternTrial?
    /// The lines the file has, when reading ended before the line asked about.
    public var linesInFile: Int?

    public static let linesShown = 20, lineLimit = 300

    /// The record explained, if any.
    public var record: RecordExplanation? { file.records.first }

    public init(line: Int, file: FileExplanation, recordLines: [String], trial: PatternTrial?, linesInFile: Int?) {
        self.line = line
        self.file = file
        self.recordLines = recordLines
        self.trial = trial
        self.linesInFile = linesInFile
    }

    /// `FILE:LINE` split, when `argument` ends in `:` and a line number of 1 or more; nil otherwise.
    public static func target(_ argument: String) -> (path: String, line: Int)? {
        guard let colon = argument.lastIndex(of: ":") else { return nil }
        let digits = argument[argument.index(after: colon)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let line = Int(digits), line >= 1,
              colon != argument.startIndex else { return nil }
        return (String(argument[..<colon]), line)
    }
}
