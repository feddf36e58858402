/// One outage: a run of failure events with no gap longer than the threshold, with the broker events
/// and recoveries around it, and what it cost each service.
public struct Incident: Sendable {
    /// What T+0 is anchored to.
    public enum Anchor: String, Sendable, Codable {
        /// The broker's own shutdown line, when the broker's log is among the inputs.
        case brokerShutdown = "broker shutdown"
        /// The first failure any client logged.
        case firstSymptom = "first symptom"
    }

    public var number: Int
    public var t0: Timestamp
    public var anchor: Anchor
    public var anchorEvent: Event
    public var firstSymptom: Event
    public var lastFailure: Event
    public var brokerDown: Event?
    public var brokerBack: Event?
    /// Every event that belongs to the incident, in time order.
    public var events: [Event]
    public var services: [ServiceImpact]
    public var lost: LostMessageEstimate

    /// The end of the incident: the last recovery of any service, else the last failure.
    public var end: Timestamp {
        let recoveries = services.compactMap { $0.recovery?.time }
        return max(lastFailure.time, recoveries.max() ?? lastFailure.time, brokerBack?.time ?? lastFailure.time)
    }

    public func offset(_ time: Timestamp) -> Double { time.seconds(since: t0) }
}
