/// An incident held against the game-day plan: each milestone's expected and observed T+ offsets, a
/// verdict for each steady-state check the logs can decide, and when each alert rule would have fired.
public struct ScenarioComparison: Sendable {
    public struct MilestoneResult: Sendable {
        public var milestone: ScenarioPlan.Milestone
        public var observed: Event?
        public var observedOffset: Double?
        /// How the observation was made, when it is a phase rather than an event.
        public var basis: String?
    }

    public enum Verdict: String, Sendable, Codable {
        case held, violated
        case undecided = "cannot be decided from these logs"
    }

    public struct CheckResult: Sendable {
        public var check: ScenarioPlan.Check
        public var verdict: Verdict
        public var detail: String
    }

    public var plan: ScenarioPlan
    public var milestones: [MilestoneResult]
    public var checks: [CheckResult]
    public var alerts: [AlertOutcome]

    /// `events` are all events of the run (successful sends included), in time order.
    public init(plan: ScenarioPlan, incident: Incident, events: [Event]) {
        self.plan = plan
        alerts = plan.alerts.map { AlertOutcome(rule: $0, incident: incident, events: events) }
        let window = events.filter { $0.time >= min(incident.t0, incident.firstSymptom.time) && $0.time <= incident.end }
        milestones = plan.milestones.map { milestone in
            if let phase = milestone.phase {
                let (time, basis): (Timestamp?, String) = {
                    switch phase {
                    case "t0": return (incident.t0, incident.anchor.rawValue)
                    case "first_symptom": return (incident.firstSymptom.time, "first failure line")
                    case "broker_back": return (incident.brokerBack?.time, incident.brokerBackInferred ? "inferred from the clients" : "broker startup line")
                    default: return (incident.fullRecovery, "last service recovered")
                    }
                }()
                return MilestoneResult(milestone: milestone, observed: nil, observedOffset: time.map { incident.offset($0) }, basis: basis)
            }
            let matching = window.filter { event in
                milestone.kinds.contains(event.kind)
                    && (milestone.role == nil || event.fields["role"] == milestone.role)
                    && (milestone.service == nil || event.service == milestone.service)
            }
            let event = milestone.last ? matching.last : matching.first
            return MilestoneResult(milestone: milestone, observed: event, observedOffset: event.map { incident.offset($0.time) }, basis: nil)
        }
        checks = plan.checks.map { check in
            switch check.metric {
            case "broker_available":
                if let down = incident.brokerDown {
                    let back = incident.brokerBack.map { "until T+\(incident.offset($0.time).oneDecimal) s" } ?? "and no startup line after it"
                    return CheckResult(check: check, verdict: .violated, detail: "broker down from T+\(incident.offset(down.time).oneDecimal) s \(back)")
                }
                return CheckResult(check: check, verdict: .undecided, detail: "no broker log among the inputs")
            case "producer_success_rate":
                let outageEnd = incident.brokerBack?.time ?? incident.lastFailure.time
                let during = events.filter { $0.time >= incident.firstSymptom.time && $0.time <= outageEnd }
                let sent = during.filter { $0.kind == .sendSucceeded }.count
                let failed = incident.lost.confirmed.filter { $0.first.time <= outageEnd }.reduce(0) { $0 + ($1.records ?? 1) }
                guard events.contains(where: { $0.kind == .sendSucceeded }) else {
                    return CheckResult(check: check, verdict: .undecided, detail: "no send_succeeded pattern matched any line; add one for the application's own \"sent\" line")
                }
                let total = sent + failed
                guard total > 0 else { return CheckResult(check: check, verdict: .undecided, detail: "no sends during the outage") }
                let rate = Double(sent) / Double(total)
                let held = rate >= (check.minimum ?? 0.99)
                return CheckResult(check: check, verdict: held ? .held : .violated,
                                   detail: "\(sent) of \(total) sends succeeded during the outage (\((rate * 100).oneDecimal) %)")
            default:
                return CheckResult(check: check, verdict: .undecided, detail: "the metric '\(check.metric)' is not in the logs")
            }
        }
    }
}
