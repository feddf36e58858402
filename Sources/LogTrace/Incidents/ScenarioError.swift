/// A scenario plan problem, reported before any input is read: the file, the line, the milestone and why.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var milestone: String?
    public var message: String

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let milestone { text += ": milestone '\(milestone)'" }
        return text + ": " + message
    }
}
