/// How one service went through an incident: when its first and last failures were, when it recovered,
/// and what it logged.
public struct ServiceImpact: Sendable {
    /// How the service's recovery time was established.
    public enum RecoveryBasis: String, Sendable, Codable {
        /// A recovery line (coordinator discovered, group joined, partitions assigned).
        case recoveryLine = "recovery line"
        /// The application's first successful send after its last failure.
        case successfulSend = "first successful send"
        /// No recovery line: the last failure, followed by quiet.
        case lastFailure = "last failure, then quiet"
    }

    public var service: String
    public var pods: [String]
    public var clients: [String]
    /// `Producer`, `Consumer`... as the client prefixes say.
    public var roles: [String]
    public var firstFailure: Event
    public var lastFailure: Event
    public var recovery: Event?
    public var recoveryBasis: RecoveryBasis
    public var failureCount: Int
    public var countsByKind: [EventKind: Int]
    /// Each client's own impact; the service recovers with the last of them.
    public var clientImpacts: [ClientImpact]

    /// When the service counts as recovered.
    public var recoveredAt: Timestamp { clientImpacts.map(\.recoveredAt).max() ?? recovery?.time ?? lastFailure.time }

    /// True when the service consumes (one of its clients is a consumer).
    public var isConsumer: Bool { clientImpacts.contains(where: \.isConsumer) }
}
