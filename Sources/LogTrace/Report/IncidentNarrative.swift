/// The first thing a postmortem reads: what went down, when and how, for how long, who was hit and
/// how, how many records were lost, and when everything was back, in three to six sentences made
/// from the report's own numbers (deterministic: the same report gives the same words).
public enum IncidentNarrative {
    public static func sentences(_ incident: Report.IncidentSection, cite: (String) -> String = { $0 }) -> [String] {
        var out: [String] = []
        let at = MarkdownReport.timeOfDay(incident.t0)
        if let down = incident.brokerDown {
            out.append("The broker went down at \(at) UTC: \(down.pod) logged \(down.what) (\(cite(down.evidence))).")
        } else if incident.anchor == Incident.Anchor.quietBeforeFailures.rawValue {
            out.append("Pods stopped logging at \(at) UTC, before any failure line: \(incident.firstSymptom.service) was the first (\(cite(incident.firstSymptom.evidence))); the clients' failures came later, as their timeouts ran out; no broker log says why.")
        } else if incident.quietBasis != nil {
            out.append("Several pods stopped logging at \(at) UTC with no failure line: \(incident.firstSymptom.service) was the first (\(cite(incident.firstSymptom.evidence))), and what waited came through when they resumed.")
        } else if incident.anchor == Incident.Anchor.requestTimeout.rawValue {
            out.append("The broker stopped answering at the latest at \(at) UTC: the first request that timed out had waited since then (\(incident.anchorEvidence)); no broker log is among the inputs.")
        } else {
            out.append("The first client failure came at \(at) UTC: \(incident.firstSymptom.service) logged \(incident.firstSymptom.what) (\(cite(incident.firstSymptom.evidence))); no broker log says why.")
        }
        if let back = incident.durations.timeToBrokerBackSeconds {
            out.append("The broker was back after \(MarkdownReport.seconds(back))" + (incident.brokerBackInferred ? ", as the clients tell it." : ", by its own log."))
        }
        let hit = incident.services.map { row -> String in
            let role = row.roles.isEmpty ? "" : " (" + row.roles.map { $0.lowercased() }.joined(separator: " and ") + ")"
            return "\(row.service)\(role) for \(MarkdownReport.seconds(row.impactSeconds))"
        }
        if !hit.isEmpty {
            out.append("\(hit.count) service\(hit.count == 1 ? " was" : "s were") hit: " + hit.joined(separator: ", ") + ".")
        }
        let lost = incident.lost
        let interval = MarkdownReport.lossInterval(confirmed: lost.records, upper: lost.upperBound, unknownFor: lost.unknownFor,
                                                   unsized: lost.possibleUnknownSize)
        if lost.records == 0 && lost.upperBound.value == 0 {
            out.append("No record was lost, as far as the producers' logs show.")
        } else if lost.upperBound.value != nil {
            out.append(interval.prefix(1).uppercased() + interval.dropFirst() + " lost.")
        } else {
            out.append("Records lost: \(interval).")
        }
        if !incident.delayed.isEmpty {
            let longest = incident.delayed.max { ($0.seconds, $0.service) < ($1.seconds, $1.service) }!
            out.append(incident.delayed.count == 1 ? "1 consumer was cut off: \(longest.service) for \(MarkdownReport.seconds(longest.seconds))."
                       : "\(incident.delayed.count) consumers were cut off, the longest \(longest.service) for \(MarkdownReport.seconds(longest.seconds)).")
        }
        out.append("Everything was back at T+\(incident.durations.timeToFullRecoverySeconds.oneDecimal) s (\(MarkdownReport.timeOfDay(incident.end)) UTC).")
        return out
    }
}
