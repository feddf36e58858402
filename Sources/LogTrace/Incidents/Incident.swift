/// One outage: a run of failure events with no gap longer than the threshold, with the broker events
/// and recoveries around it, and what it cost each service.
public struct Incident: Sendable {
    /// What T+0 is anchored to.
    public enum Anchor: String, Sendable, Codable {
        /// The broker's own shutdown line, when the broker's log is among the inputs.
        case brokerShutdown = "broker shutdown"
        /// The first failure any client logged.
        case firstSymptom = "first symptom"
        /// A frozen broker: the first symptom is a request that timed out, so the broker stopped
        /// answering at the latest that timeout before it. T+0 is that estimate.
        case requestTimeout = "request timeout (estimated)"
        /// No failure line at all: several pods that had been logging steadily went quiet together, and
        /// what waited came through when they resumed. T+0 is when the first one's next line was due.
        case podsWentQuiet = "pods went quiet"
        /// Failure lines came, but several pods that had been logging steadily were already quiet then,
        /// since before them: a broker that froze shows in its clients' timeouts only when they run out.
        /// T+0 is when the first of those pods was due to log again.
        case quietBeforeFailures = "pods went quiet before the first failure line"
    }

    public var number: Int
    public var t0: Timestamp
    public var anchor: Anchor
    public var anchorEvent: Event
    public var firstSymptom: Event
    public var lastFailure: Event
    /// The broker's shutdown line; nil when the broker's log is not among the inputs.
    public var brokerDown: Event?
    /// The broker's startup line, or, when its log is missing, the first recovery any client logged.
    public var brokerBack: Event?
    public var brokerBackInferred: Bool
    /// With no broker log, when the broker came back lies between the clients' last failure and their
    /// first sign of success (either may be missing).
    public var brokerBackWindow: (lastFailure: Event?, firstSuccess: Event?)
    /// The new broker process's first startup line, between down and back.
    public var brokerStarting: Event?
    /// Every failure, recovery and broker event that belongs to the incident, in time order.
    public var events: [Event]
    public var services: [ServiceImpact]
    public var lost: LostMessageEstimate
    public var offsets: [ConsumerOffsetChange]

    /// Full recovery: the last service to recover (its recovery line, or its last failure).
    public var fullRecovery: Timestamp {
        services.map(\.recoveredAt).max() ?? lastFailure.time
    }

    /// The end of the incident: full recovery or the broker's return, whichever is later.
    public var end: Timestamp {
        max(fullRecovery, lastFailure.time, brokerBack?.time ?? lastFailure.time)
    }

    public func offset(_ time: Timestamp) -> Double { time.seconds(since: t0) }
}
