/// When an `AlertRule` would have fired during one incident, by the observed timeline: its condition
/// held from `conditionStart` to `conditionEnd`; it fires once it has held for the rule's `for:`. Scrape
/// and evaluation intervals are not in the logs, so a real alert fires up to one of them later.
public struct AlertOutcome: Sendable {
    public var rule: AlertRule
    /// The event that made the condition true, and when it stopped holding; nil when it never held.
    public var conditionStart: Event?
    public var conditionStartTime: Timestamp?
    public var conditionEnd: Timestamp?
    /// When the alert would have fired; nil when the condition held for less than `for:`.
    public var firesAt: Timestamp?
    /// The event that ended the condition (the broker back, the last matching event), if one did.
    public var conditionEndEvent: Event?

    /// Evaluates `rule` over `incident`; `events` are all events of the run in time order.
    public init(rule: AlertRule, incident: Incident, events: [Event]) {
        self.rule = rule
        var runs: [(start: Timestamp, startEvent: Event?, end: Timestamp, endEvent: Event?)] = []
        switch rule.condition {
        case .brokerDown:
            let back = incident.brokerBack
            runs = [(incident.t0, incident.anchorEvent, back?.time ?? incident.end, back)]
        case let .events(kinds, role, within):
            let from = min(incident.t0, incident.firstSymptom.time)
            for event in events where event.time >= from && event.time <= incident.end && kinds.contains(event.kind)
                && (role == nil || event.fields["role"] == role) {
                if let last = runs.last, event.time <= last.end {
                    runs[runs.count - 1].end = max(last.end, event.time.adding(seconds: within))
                    runs[runs.count - 1].endEvent = event
                } else {
                    runs.append((event.time, event, event.time.adding(seconds: within), event))
                }
            }
        }
        let firing = runs.first { $0.end.seconds(since: $0.start) >= rule.forSeconds }
        let shown = firing ?? runs.max { $0.end.seconds(since: $0.start) < $1.end.seconds(since: $1.start) }
        conditionStart = shown?.startEvent
        conditionStartTime = shown?.start
        conditionEnd = shown?.end
        conditionEndEvent = shown?.endEvent
        firesAt = firing.map { $0.start.adding(seconds: rule.forSeconds) }
    }

    /// How long the condition held (the longest run when the alert did not fire).
    public var heldSeconds: Double? {
        guard let start = conditionStartTime, let end = conditionEnd else { return nil }
        return end.seconds(since: start)
    }
}
