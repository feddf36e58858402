/// The sentences that open an incident's section (T+0, first symptom, broker back, full recovery, loss),
/// written once for every format: each renderer passes how it escapes text and cites evidence.
enum IncidentFacts {
    static func sentences(_ incident: Report.IncidentSection, escape: (String) -> String, cite: (String) -> String) -> [String] {
        let d = incident.durations
        let offset = MarkdownReport.offset, seconds = MarkdownReport.seconds
        var facts = [incident.anchor == Incident.Anchor.requestTimeout.rawValue
            ? "T+0 is estimated: the broker stopped answering at the latest at \(escape(incident.t0)), the wait of a request that timed out before it timed out (\(cite(incident.anchorEvidence))); no broker log is among the inputs."
            : "T+0 is the \(escape(incident.anchor)) at \(escape(incident.t0)) (\(cite(incident.anchorEvidence)))."]
        if incident.anchor == Incident.Anchor.quietBeforeFailures.rawValue {
            facts[0] = "T+0 is when the first of the pods that were already quiet when the first failure line came was due to log again, at \(escape(incident.t0)) (\(cite(incident.anchorEvidence))): a broker that stops answering shows in its clients' timeouts only when they run out."
        }
        if let basis = incident.quietBasis {
            facts[0] = "T+0 is when the first pod that went quiet was due to log again, at \(escape(incident.t0)) (\(cite(incident.anchorEvidence))). \(escape(basis))"
        }
        facts.append("Time to first symptom: \(seconds(d.timeToFirstSymptomSeconds)) (\(escape(incident.firstSymptom.service)): \(escape(incident.firstSymptom.what)), \(cite(incident.firstSymptom.evidence))).")
        if let back = d.timeToBrokerBackSeconds {
            var window = ""
            if let w = incident.brokerBackWindow {
                let from = w.lastFailure?.offsetSeconds.map { "after \(offset($0)), the last failure" }
                let to = w.firstSuccess?.offsetSeconds.map { "by \(offset($0)), the first sign of success" }
                window = ": " + [from, to].compactMap { $0 }.joined(separator: ", ")
            }
            facts.append("Broker back at \(offset(back))\(incident.brokerBackInferred ? " (inferred from the clients, no broker startup line among the inputs\(window))" : "").")
        }
        facts.append("Full recovery at \(offset(d.timeToFullRecoverySeconds)); total impact \(seconds(d.totalImpactSeconds)) from first symptom to full recovery.")
        let lost = incident.lost
        facts.append("Lost: " + MarkdownReport.lossInterval(confirmed: lost.records, upper: lost.upperBound, unknownFor: lost.unknownFor,
                                                          unsized: lost.possibleUnknownSize, escape: escape)
                     + (lost.upperBound.value == lost.records ? " confirmed" : "") + ".")
        return facts
    }
}
