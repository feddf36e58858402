/// Correlates the events of all files into incidents.
///
/// `OutageTracker` splits the events into outages by the clients' own state: each ends when every
/// client that failed has recovered (and the broker, when its log said it went down, is back), and a
/// failure after that starts the next one. An outage touching only one service with fewer than
/// `minimumFailures` failures, no loss, no stalled sends and no broker line is set aside as isolated
/// noise. A producer's sends that stall and resume in a burst (`DeliveryStall`) count as a failure.
/// The broker's shutdown inside an outage anchors its T+0; each client's recovery is its recovery line
/// or first successful send after its last failure, else that last failure.
///
/// Work is linear in the number of events: events are indexed by service and looked up by time with
/// binary search, so thousands of pods or incidents do not make it quadratic.
public struct IncidentBuilder: Sendable {
    public var gapSeconds: Double
    public var minimumFailures: Int

    /// The smallest run of failures that is an incident on its own (one service, no loss, no broker line).
    public static let defaultMinimumFailures = 3

    public init(gapSeconds: Double = 300, minimumFailures: Int = IncidentBuilder.defaultMinimumFailures) {
        self.gapSeconds = gapSeconds
        self.minimumFailures = minimumFailures
    }

    /// The events of one run, indexed for the lookups correlation needs.
    struct Index {
        let all: [Event]
        let byService: [String: [Event]]
        let broker: [Event]

        init(_ events: [Event]) {
            all = events
            byService = Dictionary(grouping: events, by: \.service)
            broker = events.filter { [.brokerDown, .brokerUp].contains($0.kind.role) }
        }

        /// Events with `from <= time <= to`, from a time-sorted list.
        static func window(_ events: [Event], from: Timestamp, to: Timestamp) -> ArraySlice<Event> {
            let lower = firstIndex(events) { $0.time >= from }
            let upper = firstIndex(events) { $0.time > to }
            return events[lower..<max(lower, upper)]
        }

        private static func firstIndex(_ events: [Event], where predicate: (Event) -> Bool) -> Int {
            var low = 0, high = events.count
            while low < high {
                let mid = (low + high) / 2
                if predicate(events[mid]) { high = mid } else { low = mid + 1 }
            }
            return low
        }
    }

    /// The incidents, and the isolated failure events that did not make one. `events` must be in
    /// `Event.precedes` order. `silentServices` are services whose logs hold no Kafka client line at
    /// all, each with its first timestamp: if one of them produces, no line tells what it lost.
    ///
    /// The `QuietSpell`s of `files` that lie away from every incident make incidents of their own when
    /// several pods went quiet together (`QuietPods`).
    public func build(events allEvents: [Event], silentServices: [String: Timestamp] = [:], files: [FileSummary] = []) -> (incidents: [Incident], isolated: [Event]) {
        // No copy of the events when every one is timed (the common case): one list less at the peak.
        let timed = allEvents.contains(where: \.untimed) ? allEvents.filter { !$0.untimed } : allEvents
        let index = Index(Self.merged(timed, DeliveryStall.find(in: timed).map(\.event).sorted(by: Event.precedes)))
        let spans = OutageTracker(gapSeconds: gapSeconds).spans(index.all)
        // Services whose per-record outcomes the archive shows: their application logs them, or their
        // library logs every send it gives up on (`logs_failed_sends`) and its lines are in the log.
        let outcomeLoggers = Set(index.all.lazy.filter { event in
            [.batchExpired, .deliveryFailed, .sendSucceeded].contains(event.kind) || event.fields[EventFields.logsFailedSends] == "true"
        }.map(\.service))
        // Services the archive shows producing: a line only a producer prints (its role), or a client id
        // that says so (librdkafka's `name#producer-1`).
        let producers = Set(index.all.lazy.filter { event in
            event.fields["role"] == "Producer" || event.client.flatMap(ClientImpact.role(namedBy:)) == "Producer"
        }.map(\.service))
        let topicProducers = ConsumerBacklog.Producers(index.all)
        var incidents: [Incident] = []
        var isolated: [Event] = []
        for (i, span) in spans.enumerated() {
            let previousEnd = i > 0 ? spans[i - 1].end : Timestamp(nanoseconds: .min)
            let nextStart = i + 1 < spans.count ? spans[i + 1].start : Timestamp(nanoseconds: .max)
            let brokerDowns = span.brokerEvents.filter { $0.kind.role == .brokerDown }
            let brokerDown = brokerDowns.first { $0.kind == .brokerShutdown } ?? brokerDowns.first
            let services = Set(span.failures.map(\.service))
            if brokerDown == nil && services.count < 2 && span.failures.count < minimumFailures
                && !span.failures.contains(where: { $0.kind.losesRecords || $0.kind == .deliveriesStalled }) {
                isolated += span.failures
                continue
            }
            // Recovery lines and sends a little after the span's end still tell how it ended.
            let tailEnd = min(nextStart.adding(seconds: -0.000_000_001), span.end.adding(seconds: OutageTracker.minimumQuietSeconds))
            incidents.append(makeIncident(number: incidents.count + 1, span: span, index: index, brokerDown: brokerDown,
                                          previousEnd: previousEnd, tailEnd: max(tailEnd, span.end),
                                          silentProducers: producers.subtracting(outcomeLoggers),
                                          silentServices: silentServices, topicProducers: topicProducers))
        }
        let spells = QuietPods.spells(in: files)
        for i in incidents.indices where incidents[i].brokerDown == nil {
            // Pods that had been logging steadily and were already quiet when the first failure line came
            // began the incident: a frozen broker shows in its clients' timeouts only when they run out.
            let first = incidents[i].firstSymptom
            guard let quiet = QuietPods.quietAt(first, among: spells),
                  let start = quiet.map(\.quietEvent).min(by: Event.precedes), Event.precedes(start, first) else { continue }
            incidents[i].firstSymptom = start
            if start.time < incidents[i].t0 {
                incidents[i].t0 = start.time
                incidents[i].anchor = .quietBeforeFailures
                incidents[i].anchorEvent = start
            }
        }
        let windows = incidents.map { (from: min($0.t0, $0.firstSymptom.time), to: $0.end) }
        // A pod going quiet inside an incident is one of its symptoms, on its timeline. One that logged no
        // failure and came back with a backlog was cut off too: it is a service hit, recovered when it
        // resumed (what waited came through, so the broker was answering).
        for i in incidents.indices {
            let margin = QuietPods.marginSeconds
            let inside = spells.filter { $0.spell.lastTime >= windows[i].from.adding(seconds: -margin) && $0.spell.lastTime <= windows[i].to }
            guard !inside.isEmpty else { continue }
            incidents[i].events = Self.merged(incidents[i].events, inside.map(\.quietEvent).sorted(by: Event.precedes))
            let hit = Set(incidents[i].services.map(\.service))
            var added: [String: [QuietPods.Spell]] = [:]
            for spell in inside where spell.spell.caughtUp && !hit.contains(spell.file.service) { added[spell.file.service, default: []].append(spell) }
            for service in added.keys.sorted() {
                incidents[i].services.append(Self.quietImpact(service, added[service]!))
            }
            if !added.isEmpty {
                let resumed = added.values.flatMap { $0.map(\.resumedEvent) }.sorted(by: Event.precedes)
                incidents[i].events = Self.merged(incidents[i].events, resumed)
            }
            // With no broker log and no client's sign of success, the first backlog coming through is the
            // sign that the broker answered again: no client recovered before it.
            let first = incidents[i].firstSymptom
            if incidents[i].brokerBackInferred, let back = incidents[i].brokerBack, !Self.tellsBrokerBack(back),
               let sign = inside.filter({ $0.spell.caughtUp && $0.spell.resumedTime > first.time }).map(\.resumedEvent).min(by: Event.precedes) {
                incidents[i].brokerBack = sign
                incidents[i].brokerBackWindow.firstSuccess = sign
                incidents[i].services = incidents[i].services.map { $0.recovering(notBefore: sign) }
            }
            incidents[i].services.sort { Event.precedes($0.firstFailure, $1.firstFailure) }
        }
        var quiet: [Incident] = []
        for group in QuietPods.groups(files, outside: windows) {
            let failures = group.map(\.quietEvent).sorted(by: Event.precedes)
            let resumed = group.map(\.resumedEvent).sorted(by: Event.precedes)
            let end = resumed.map(\.time).max()!
            let previousEnd = windows.filter { $0.to < failures[0].time }.map(\.to).max() ?? Timestamp(nanoseconds: .min)
            // The silence's own events join the index for this incident only: elsewhere a pod's
            // silence is no failure, and its next line no recovery.
            var incident = makeIncident(number: 0, span: OutageTracker.Span(failures: failures, start: failures[0].time, end: end),
                                        index: Index(Self.merged(index.all, Self.merged(failures, resumed))), brokerDown: nil,
                                        previousEnd: previousEnd, tailEnd: end, silentProducers: producers.subtracting(outcomeLoggers),
                                        silentServices: silentServices, topicProducers: topicProducers)
            incident.anchor = .podsWentQuiet
            quiet.append(incident)
        }
        guard !quiet.isEmpty else { return (incidents, isolated) }
        incidents = (incidents + quiet).sorted { Event.precedes($0.firstSymptom, $1.firstSymptom) }
        for i in incidents.indices { incidents[i].number = i + 1 }
        return (incidents, isolated)
    }

    /// True when `back`, the clients' best sign of the broker's return, is evidence of it: a refused
    /// connect (a broker that refuses is not back yet, and clients retry within a second or so), a
    /// recovery line or a successful send; the last failure alone says nothing of the broker.
    static func tellsBrokerBack(_ back: Event) -> Bool {
        back.kind == .connectFailed || back.kind.role == .recovery || back.kind == .sendSucceeded
    }

    /// The impact on a service whose pods logged no failure but went quiet and came back with a backlog:
    /// from the first silence to the last pod's first line after it.
    static func quietImpact(_ service: String, _ spells: [QuietPods.Spell]) -> ServiceImpact {
        let failures = spells.map(\.quietEvent).sorted(by: Event.precedes)
        let resumed = spells.map(\.resumedEvent).sorted(by: Event.precedes)
        // One "client" per pod: a pod's own next line speaks only for it.
        let clients = Dictionary(grouping: spells, by: \.file.pod).keys.sorted().map { pod -> ClientImpact in
            let own = spells.filter { $0.file.pod == pod }
            let first = own.map(\.quietEvent).min(by: Event.precedes)!, back = own.map(\.resumedEvent).max(by: Event.precedes)!
            return ClientImpact(client: "", role: "", groups: [], firstFailure: first, lastFailure: first, recovery: back,
                                recoveryBasis: .resumedLogging, failureCount: own.count)
        }
        let slowest = clients.max { ($0.recoveredAt, $0.firstFailure.pod) < ($1.recoveredAt, $1.firstFailure.pod) }!
        return ServiceImpact(service: service, pods: Set(spells.map(\.file.pod)).sorted(), clients: [], roles: [],
                             firstFailure: failures[0], lastFailure: failures.last!, recovery: slowest.recovery ?? resumed.last,
                             recoveryBasis: .resumedLogging, failureCount: failures.count, countsByKind: [.wentQuiet: failures.count],
                             clientImpacts: clients)
    }

    /// Two lists in `Event.precedes` order, merged into one.
    static func merged(_ a: [Event], _ b: [Event]) -> [Event] {
        if b.isEmpty { return a }
        var out: [Event] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && Event.precedes(a[i], b[j])) {
                out.append(a[i]); i += 1
            } else {
                out.append(b[j]); j += 1
            }
        }
        return out
    }

    private func makeIncident(number: Int, span: OutageTracker.Span, index: Index, brokerDown: Event?,
                              previousEnd: Timestamp, tailEnd: Timestamp, silentProducers: Set<String>,
                              silentServices: [String: Timestamp], topicProducers: ConsumerBacklog.Producers) -> Incident {
        let run = span.failures
        // A broker outage no client logged: the broker's own shutdown is its first symptom.
        let first = run.first ?? brokerDown ?? span.brokerEvents[0]
        let last = run.last ?? first
        let byService = Dictionary(grouping: run, by: \.service)
        // Each service's impact, its clients' recoveries read knowing when the broker was back (nil: not yet known).
        func impacts(brokerBack: Event?) -> [ServiceImpact] {
            byService.keys.sorted().map { service in
                let failures = byService[service]!
                let own = index.byService[service] ?? []
                let clients = ClientImpact.impacts(failures: failures, later: Index.window(own, from: failures[0].time, to: tailEnd),
                                                   brokerBack: brokerBack)
                let slowest = clients.max { ($0.recoveredAt, $0.client) < ($1.recoveredAt, $1.client) }!
                let serviceEvents = Index.window(own, from: first.time, to: max(slowest.recoveredAt, failures.last!.time))
                var counts: [EventKind: Int] = [:]
                for event in failures { counts[event.kind, default: 0] += 1 }
                return ServiceImpact(
                    service: service,
                    pods: Set(serviceEvents.map(\.pod)).sorted(),
                    clients: Set(serviceEvents.compactMap(\.client)).sorted(),
                    roles: Set(serviceEvents.compactMap { $0.fields["role"] }).sorted(),
                    firstFailure: failures[0], lastFailure: failures.last!, recovery: slowest.recovery,
                    recoveryBasis: slowest.recoveryBasis,
                    failureCount: failures.count, countsByKind: counts, clientImpacts: clients)
            }.sorted { Event.precedes($0.firstFailure, $1.firstFailure) }
        }
        var services = impacts(brokerBack: nil)

        var t0 = brokerDown?.time ?? first.time
        var anchor: Incident.Anchor = brokerDown == nil ? .firstSymptom : .brokerShutdown
        var anchorEvent = brokerDown ?? first
        // A frozen broker refuses no connection: its first failure a client library logs is a request
        // that timed out, or a producer's acknowledgements stopped and its requests then timed out.
        let frozen = brokerDown == nil && (run.first { $0.kind != .deliveriesStalled }?.kind == .requestTimeout
            || (first.kind == .deliveriesStalled && first.fields[DeliveryStall.timedOutField] != nil))
        if brokerDown == nil && first.kind == .requestTimeout {
            // A frozen broker shows only when requests time out: each timeout that prints how long it
            // waited says the broker was not answering at the latest that long before it.
            let bounds = run.filter { $0.kind == .requestTimeout }.compactMap { event in
                event.fields["elapsed_ms"].flatMap(Double.init).map { (event: event, latest: event.time.adding(seconds: -$0 / 1000)) }
            }
            if let earliest = bounds.min(by: { ($0.latest, $0.event.line) < ($1.latest, $1.event.line) }) {
                t0 = earliest.latest
                anchor = .requestTimeout
                anchorEvent = earliest.event
            }
        }

        let backAfter = brokerDown?.time ?? first.time
        var brokerBack = index.broker.first { $0.kind == .brokerStarted && $0.time > backAfter && $0.time <= tailEnd }
        var brokerBackInferred = false
        var backWindow: (lastFailure: Event?, firstSuccess: Event?) = (nil, nil)
        if brokerBack == nil && !run.isEmpty {
            // Between the failures and the first sign of success. A refused connect cannot happen once
            // the broker listens again, so the last one is the best estimate (clients retry within a
            // second or so); a frozen broker refuses none, and there the first success tells.
            let firstSuccess = services.compactMap(\.recovery).min(by: Event.precedes)
            let before = { (failure: Event) in firstSuccess.map { Event.precedes(failure, $0) } ?? true }
            let lastRefused = frozen ? nil : run.last { $0.kind == .connectFailed && before($0) }
            let lastFailure = lastRefused ?? run.last(where: before)
            backWindow = (lastFailure, firstSuccess)
            brokerBack = lastRefused ?? firstSuccess ?? lastFailure
            brokerBackInferred = true
        }
        // A client whose failures stopped, with no recovery line, recovered no earlier than the broker
        // came back: its startup line, the first success, or the last refused connect (a broker that
        // refuses is not back yet). The last failure alone says nothing of the broker, so it bounds nothing.
        if let back = brokerBack, !brokerBackInferred || Self.tellsBrokerBack(back) {
            services = impacts(brokerBack: back).map { $0.recovering(notBefore: back) }
        }
        for s in services.indices {
            let own = index.byService[services[s].service] ?? []
            for c in services[s].clientImpacts.indices where services[s].clientImpacts[c].isConsumer {
                let client = services[s].clientImpacts[c]
                services[s].clientImpacts[c].backlog = ConsumerBacklog(
                    client: client, own: own, during: Index.window(index.all, from: client.firstFailure.time, to: client.recoveredAt),
                    producers: topicProducers)
            }
        }

        let windowStart = min(t0, first.time)
        let windowEnd = max(last.time, services.compactMap { $0.recovery?.time }.max() ?? last.time, brokerBack?.time ?? last.time)
        let windowEvents = Index.window(index.all, from: windowStart, to: windowEnd).filter { event in
            switch event.kind.role {
            case .failure: return byService[event.service] != nil
            case .recovery, .brokerDown, .brokerUp, .brokerOther: return true
            case .information: return false
            }
        }
        // Sends acknowledged shortly before tell each producer's cadence and last acknowledgement.
        let earlierSends = Index.window(index.all, from: max(previousEnd, windowStart.adding(seconds: -LostMessageEstimate.cadenceLookbackSeconds)),
                                        to: Timestamp(nanoseconds: windowStart.nanoseconds - 1)).filter { $0.kind == .sendSucceeded }
        let lossEvidence = earlierSends + Index.window(index.all, from: windowStart, to: tailEnd).filter {
            $0.kind.role == .failure || $0.kind == .sendSucceeded
        }
        return Incident(number: number, t0: t0, anchor: anchor,
                        anchorEvent: anchorEvent, firstSymptom: first, lastFailure: last,
                        brokerDown: brokerDown, brokerBack: brokerBack, brokerBackInferred: brokerBackInferred,
                        brokerBackWindow: backWindow,
                        brokerStarting: Index.window(index.all, from: backAfter, to: brokerBack?.time ?? tailEnd).first { $0.kind == .brokerStarting },
                        events: windowEvents, services: services,
                        lost: LostMessageEstimate(events: lossEvidence, unbounded: unbounded(services, silentProducers: silentProducers, index: index, until: windowEnd, silentServices: silentServices)
                            + silentServices.filter { $0.value <= windowEnd }.keys.sorted().map { service in
                                LostMessageEstimate.Unbounded(service: service, reason: silentProducers.contains(service)
                                    ? "its producer logs no failure and no per-record outcome: nothing tells what it lost"
                                    : "no Kafka client line in its log: if it produces, nothing tells what it lost")
                            }),
                        offsets: consumerOffsets(index, services: services, previousEnd: previousEnd, tailEnd: tailEnd))
    }

    /// The producers that were cut off but whose per-record outcomes no line of the archive shows: their
    /// loss has no upper bound. `silentProducers` are the services known to produce (by a producer-only
    /// line or client id anywhere in the archive) that log no per-record outcome anywhere.
    /// A known producer that logged no failure in the incident is unbounded too, from its first line on:
    /// a broker that stops answering for less than its timeouts makes such a library print nothing.
    private func unbounded(_ services: [ServiceImpact], silentProducers: Set<String>, index: Index,
                           until end: Timestamp, silentServices: [String: Timestamp]) -> [LostMessageEstimate.Unbounded] {
        // Silent services (no line beyond a client role) get their own entry, from `silentServices`.
        let covered = Set(services.map(\.service)).union(silentServices.keys)
        return services.filter { silentProducers.contains($0.service) }.map {
            LostMessageEstimate.Unbounded(service: $0.service,
                                          reason: "its producer was cut off, and no line of its library or application that a pattern knows tells a per-record outcome")
        } + silentProducers.subtracting(covered).sorted().filter { service in
            (index.byService[service]?.first?.time).map { $0 <= end } ?? false
        }.map {
            LostMessageEstimate.Unbounded(service: $0,
                                          reason: "it produces, logged nothing during the incident, and no line of its library or application that a pattern knows tells a per-record outcome")
        }
    }

    /// For each consumer service's partitions: the last offset logged before its first failure and the
    /// first logged after its recovery.
    private func consumerOffsets(_ index: Index, services: [ServiceImpact], previousEnd: Timestamp, tailEnd: Timestamp) -> [ConsumerOffsetChange] {
        var changes: [ConsumerOffsetChange] = []
        for impact in services {
            let own = index.byService[impact.service] ?? []
            let offsets = Index.window(own, from: previousEnd, to: tailEnd).filter { $0.kind == .consumerOffset && $0.topicPartition != nil }
            if offsets.isEmpty { continue }
            let partitions = Set(offsets.compactMap(\.topicPartition)).sorted()
            for tp in partitions {
                let before = offsets.last { $0.topicPartition == tp && $0.time > previousEnd && $0.time < impact.firstFailure.time }
                let after = offsets.first { $0.topicPartition == tp && $0.time >= impact.lastFailure.time }
                if before == nil && after == nil { continue }
                changes.append(ConsumerOffsetChange(service: impact.service, group: (after ?? before)?.fields["group"],
                                                    topicPartition: tp, before: before, after: after))
            }
        }
        return changes
    }
}
