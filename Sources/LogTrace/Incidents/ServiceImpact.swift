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
        /// No recovery line, and the failures stopped before the broker was back: a client cannot have
        /// recovered before then, so the broker's return is the earliest its recovery can be.
        case brokerBack = "no recovery line; not before the broker was back"
        /// A pod that went quiet with no failure line: its first line after the silence.
        case resumedLogging = "logging again after its silence"
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

    /// The service with each client that has no recovery line and failed last before `back` (the broker's
    /// return, or its best sign) dated no earlier than `back`: it cannot have recovered before the broker.
    func recovering(notBefore back: Event) -> ServiceImpact {
        var bounded = self
        for i in bounded.clientImpacts.indices where bounded.clientImpacts[i].recovery == nil
            && Event.precedes(bounded.clientImpacts[i].lastFailure, back) {
            bounded.clientImpacts[i].recovery = back
            bounded.clientImpacts[i].recoveryBasis = .brokerBack
        }
        guard let slowest = bounded.clientImpacts.max(by: { ($0.recoveredAt, $0.client) < ($1.recoveredAt, $1.client) }) else { return bounded }
        bounded.recovery = slowest.recovery
        bounded.recoveryBasis = slowest.recoveryBasis
        return bounded
    }

    /// True when the service consumes (one of its clients is a consumer).
    public var isConsumer: Bool { clientImpacts.contains(where: \.isConsumer) }
}
