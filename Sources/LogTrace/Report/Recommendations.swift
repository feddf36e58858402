/// What to fix, from evidence only: each recommendation names the lines it comes from, and where the
/// logs show nothing to fix there is none. The rules follow the seed runbook (replication 3, min ISR 2).
enum Recommendations {
    /// Services named in one recommendation; the rest are counted.
    static let maximumNamed = 10

    /// `files` are the inputs, for services whose files hold no event to cite.
    /// `configs` are the producers' own config dumps that carry a delivery timeout (`delivery_timeout_ms`).
    static func make(_ incidents: [Incident], files: [FileSummary], configs: [Event] = []) -> [Report.Recommendation] {
        var out: [Report.Recommendation] = []
        // One broker behind every failure: a single point of failure.
        var firstByBroker: [Int: [String: Event]] = [:]
        for incident in incidents {
            for event in incident.events where event.kind.role == .failure {
                guard let node = event.fields["node"].flatMap(BrokerNode.brokerID) else { continue }
                if firstByBroker[node]?[event.service] == nil { firstByBroker[node, default: [:]][event.service] = event }
            }
        }
        let services = Set(incidents.flatMap { $0.services.map(\.service) })
        if firstByBroker.count == 1, let (broker, byService) = firstByBroker.first, byService.count >= 2 {
            out.append(Report.Recommendation(
                what: "Run the topics on at least three brokers: replication.factor=3, min.insync.replicas=2, producers with acks=all.",
                why: "Every client failure that names a broker names node \(broker) (\(byService.count) of the \(services.count) services hit): when it went, no other broker could lead its partitions.",
                evidence: byService.keys.sorted().prefix(4).map { byService[$0]!.evidence }))
        }
        // Batches that expired before the broker was back: a delivery timeout shorter than the outage.
        for incident in incidents {
            let expired = incident.lost.losses.filter { $0.verdict == .lost && $0.elapsedMs.flatMap(Double.init) != nil }
            guard let longest = expired.compactMap({ $0.elapsedMs.flatMap(Double.init) }).max(),
                  let back = incident.brokerBack?.time else { continue }
            let outage = back.seconds(since: incident.t0)
            guard longest / 1000 < outage else { continue }
            let cover = Int((outage + 30).rounded(.up))
            // What the expiring producers logged of their own delivery timeout, the last dump before the incident.
            let services = Set(expired.map(\.service))
            let logged = services.sorted().compactMap { service in
                configs.last { $0.service == service && $0.time <= incident.t0 } ?? configs.first { $0.service == service }
            }
            let settings = logged.compactMap { event in
                event.fields["delivery_timeout_ms"].flatMap(Double.init).map { "\(event.service) logged delivery.timeout.ms = \(Int($0)) (\(($0 / 1000).oneDecimal) s)" }
            }
            out.append(Report.Recommendation(
                what: "Give producers a delivery timeout longer than a broker's return: delivery.timeout.ms (Java client), message.timeout.ms (librdkafka), delivery_timeout_ms / request_timeout_ms (kafka-python, aiokafka) of about \(cover) s.",
                why: "In incident \(incident.number), batches expired after \((longest / 1000).oneDecimal) s while the broker was away for \(outage.oneDecimal) s"
                    + (settings.isEmpty ? "." : "; " + settings.joined(separator: ", ") + ".")
                    + " The trade-off: a send then waits that long before it fails, and the producer's buffer must hold what piles up meanwhile.",
                evidence: expired.prefix(3).map(\.first.evidence) + logged.map(\.evidence)))
        }
        // Consumers cut off: the lag to expect, and to alert on.
        let cutOff = incidents.flatMap { incident in
            incident.services.flatMap { impact in impact.clientImpacts.filter(\.isConsumer).map { (impact.service, $0) } }
        }.filter { $0.1.recoveredAt.seconds(since: $0.1.firstFailure.time) >= 10 }
        if let (service, longest) = cutOff.max(by: { ($0.1.recoveredAt.seconds(since: $0.1.firstFailure.time), $1.0) < ($1.1.recoveredAt.seconds(since: $1.1.firstFailure.time), $0.0) }) {
            let seconds = longest.recoveredAt.seconds(since: longest.firstFailure.time)
            let names = Set(cutOff.map(\.0)).sorted()
            out.append(Report.Recommendation(
                what: "Alert on consumer lag (records and seconds behind) for \(names.joined(separator: ", ")), not on their disconnect lines.",
                why: "\(names.count == 1 ? "It was" : "They were") cut off for up to \(seconds.oneDecimal) s (\(service)), and caught up only after the broker was back: lag is what their users felt.",
                evidence: [longest.firstFailure.evidence, (longest.recovery ?? longest.lastFailure).evidence]))
        }
        // Producers whose loss cannot be counted, one item per reason.
        var reasonOf: [String: String] = [:]
        for incident in incidents { for entry in incident.lost.unbounded where reasonOf[entry.service] == nil { reasonOf[entry.service] = entry.reason } }
        var firstEvent: [String: Event] = [:]
        for incident in incidents { for event in incident.events where firstEvent[event.service] == nil { firstEvent[event.service] = event } }
        let pathsByService = Dictionary(grouping: files, by: \.service).mapValues { $0.map(\.path) }
        let byReason = Dictionary(grouping: reasonOf.keys.sorted(), by: { reasonOf[$0]! })
        for reason in byReason.keys.sorted(by: { (byReason[$0]![0], $0) < (byReason[$1]![0], $1) }) {
            let services = byReason[reason]!
            let named = services.prefix(maximumNamed).joined(separator: ", ") + (services.count > maximumNamed ? " and \(services.count - maximumNamed) more" : "")
            out.append(Report.Recommendation(
                what: "Log each send's outcome in \(named): a delivery callback, or the result of the send's future.",
                why: reason.prefix(1).uppercased() + reason.dropFirst() + ".",
                evidence: services.prefix(4).flatMap { firstEvent[$0].map { [$0.evidence] } ?? pathsByService[$0] ?? [] }))
        }
        return out
    }
}
