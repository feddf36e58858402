/// Correlates the events of all files into incidents.
///
/// Failure events (sorted by time) split into runs wherever two are more than `gapSeconds` apart. A run
/// touching only one service with fewer than `minimumFailures` failures, no loss and no broker shutdown is
/// set aside as isolated noise. For each incident, the broker's shutdown within `gapSeconds` before the
/// first symptom anchors T+0; each service's recovery is its first recovery line after its last failure.
public struct IncidentBuilder: Sendable {
    public var gapSeconds: Double
    public var minimumFailures: Int

    public init(gapSeconds: Double = 300, minimumFailures: Int = 3) {
        self.gapSeconds = gapSeconds
        self.minimumFailures = minimumFailures
    }

    /// The incidents, and the isolated failure events that did not make one. `events` must be in
    /// `Event.precedes` order.
    public func build(events allEvents: [Event]) -> (incidents: [Incident], isolated: [Event]) {
        let events = allEvents.filter { !$0.untimed }
        let failures = events.filter { $0.kind.role == .failure }
        var runs: [[Event]] = []
        for event in failures {
            if let last = runs.last?.last, event.time.seconds(since: last.time) <= gapSeconds {
                runs[runs.count - 1].append(event)
            } else {
                runs.append([event])
            }
        }
        var incidents: [Incident] = []
        var isolated: [Event] = []
        for (i, run) in runs.enumerated() {
            let previousEnd = i > 0 ? runs[i - 1].last!.time : Timestamp(nanoseconds: .min)
            let nextStart = i + 1 < runs.count ? runs[i + 1].first!.time : Timestamp(nanoseconds: .max)
            let brokerDown = findBrokerDown(events, run: run, after: previousEnd)
            let services = Set(run.map(\.service))
            if brokerDown == nil && services.count < 2 && run.count < minimumFailures && !run.contains(where: { $0.kind.losesRecords }) {
                isolated += run
                continue
            }
            incidents.append(makeIncident(number: incidents.count + 1, run: run, all: events, brokerDown: brokerDown,
                                          previousEnd: previousEnd, nextStart: nextStart))
        }
        return (incidents, isolated)
    }

    private func findBrokerDown(_ events: [Event], run: [Event], after previousEnd: Timestamp) -> Event? {
        let from = max(previousEnd, run[0].time.adding(seconds: -gapSeconds))
        let candidates = events.filter { $0.kind.role == .brokerDown && $0.time > from && $0.time <= run.last!.time }
        return candidates.first { $0.kind == .brokerShutdown } ?? candidates.first
    }

    private func makeIncident(number: Int, run: [Event], all events: [Event], brokerDown: Event?,
                              previousEnd: Timestamp, nextStart: Timestamp) -> Incident {
        let first = run[0], last = run[run.count - 1]
        let tailEnd = min(nextStart, last.time.adding(seconds: gapSeconds))
        var services: [ServiceImpact] = []
        let byService = Dictionary(grouping: run, by: \.service)
        for service in byService.keys.sorted() {
            let failures = byService[service]!
            let lastFailure = failures.last!
            let recovery = events.first {
                $0.service == service && $0.kind.role == .recovery && $0.time > lastFailure.time && $0.time <= tailEnd
            }
            let serviceEvents = events.filter {
                $0.service == service && $0.time >= first.time && $0.time <= (recovery?.time ?? lastFailure.time)
            }
            var counts: [EventKind: Int] = [:]
            for event in failures { counts[event.kind, default: 0] += 1 }
            services.append(ServiceImpact(
                service: service,
                pods: Set(serviceEvents.map(\.pod)).sorted(),
                clients: Set(serviceEvents.compactMap(\.client)).sorted(),
                roles: Set(serviceEvents.compactMap { $0.fields["role"] }).sorted(),
                firstFailure: failures[0], lastFailure: lastFailure, recovery: recovery,
                recoveryBasis: recovery == nil ? .lastFailure : .recoveryLine,
                failureCount: failures.count, countsByKind: counts))
        }
        services.sort { Event.precedes($0.firstFailure, $1.firstFailure) }

        var brokerBack = events.first {
            $0.kind == .brokerStarted && $0.time > (brokerDown?.time ?? first.time) && $0.time <= tailEnd
        }
        var brokerBackInferred = false
        if brokerBack == nil, let firstRecovery = services.compactMap(\.recovery).min(by: Event.precedes) {
            brokerBack = firstRecovery
            brokerBackInferred = true
        }

        let t0 = brokerDown?.time ?? first.time
        let windowStart = min(t0, first.time)
        let windowEnd = max(last.time, services.compactMap { $0.recovery?.time }.max() ?? last.time, brokerBack?.time ?? last.time)
        let windowEvents = events.filter { event in
            guard event.time >= windowStart && event.time <= windowEnd else { return false }
            switch event.kind.role {
            case .failure: return byService[event.service] != nil
            case .recovery, .brokerDown, .brokerUp, .brokerOther: return true
            case .information: return false
            }
        }
        let lossEvidence = events.filter { $0.time >= windowStart && $0.time <= tailEnd && ($0.kind.role == .failure || $0.kind == .sendSucceeded) }
        return Incident(number: number, t0: t0, anchor: brokerDown == nil ? .firstSymptom : .brokerShutdown,
                        anchorEvent: brokerDown ?? first, firstSymptom: first, lastFailure: last,
                        brokerDown: brokerDown, brokerBack: brokerBack, brokerBackInferred: brokerBackInferred,
                        events: windowEvents, services: services,
                        lost: LostMessageEstimate(events: lossEvidence),
                        offsets: consumerOffsets(events, services: services, previousEnd: previousEnd, tailEnd: tailEnd))
    }

    /// For each consumer service's partitions: the last offset logged before its first failure and the
    /// first logged after its recovery.
    private func consumerOffsets(_ events: [Event], services: [ServiceImpact], previousEnd: Timestamp, tailEnd: Timestamp) -> [ConsumerOffsetChange] {
        var changes: [ConsumerOffsetChange] = []
        for impact in services {
            let offsets = events.filter { $0.kind == .consumerOffset && $0.service == impact.service && $0.topicPartition != nil }
            let partitions = Set(offsets.compactMap(\.topicPartition)).sorted()
            for tp in partitions {
                let before = offsets.last { $0.topicPartition == tp && $0.time > previousEnd && $0.time < impact.firstFailure.time }
                let after = offsets.first { $0.topicPartition == tp && $0.time >= impact.lastFailure.time && $0.time <= tailEnd }
                if before == nil && after == nil { continue }
                changes.append(ConsumerOffsetChange(service: impact.service, group: (after ?? before)?.fields["group"],
                                                    topicPartition: tp, before: before, after: after))
            }
        }
        return changes
    }
}
