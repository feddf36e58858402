/// A stretch in which a pod that had been logging steadily wrote no line at all, far longer than its
/// usual gap: how a broker freeze that no library logs shows (consumers stop receiving, producers stop
/// being acknowledged). Found by `QuietSpellFinder` in the scan; the correlation stage decides whether
/// it is a symptom.
public struct QuietSpell: Sendable, Codable, Equatable {
    /// The last line before the silence, and its time.
    public var lastLine: Int
    public var lastTime: Timestamp
    /// The first line after it, and its time.
    public var resumedLine: Int
    public var resumedTime: Timestamp
    /// The pod's usual gap between lines over the steady stretch before, in seconds (estimated from its
    /// bytes per second and its mean line length).
    public var usualGapSeconds: Double
    /// The pod's rate in the first two seconds after the silence, as a multiple of its steady rate before:
    /// well above 1 when what waited during the silence came at once (a backlog), about 1 when the pod
    /// simply carried on (an idle pause).
    public var catchUp: Double

    public init(lastLine: Int, lastTime: Timestamp, resumedLine: Int, resumedTime: Timestamp, usualGapSeconds: Double, catchUp: Double) {
        self.lastLine = lastLine
        self.lastTime = lastTime
        self.resumedLine = resumedLine
        self.resumedTime = resumedTime
        self.usualGapSeconds = usualGapSeconds
        self.catchUp = catchUp
    }

    /// How long the pod was quiet, in seconds.
    public var seconds: Double { resumedTime.seconds(since: lastTime) }

    /// A backlog came through when the pod resumed: its rate at least this many times its steady one.
    public static let backlogFactor = 2.0
    public var caughtUp: Bool { catchUp >= Self.backlogFactor }
}
