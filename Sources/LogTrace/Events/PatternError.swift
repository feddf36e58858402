/// A pattern file problem, reported before any input is read: the file, the line, the entry and why.
public struct PatternError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var entry: String?
    public var message: String

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let entry { text += ": pattern '\(entry)'" }
        return text + ": " + message
    }
}
