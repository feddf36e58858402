/// How many records producers gave up on, per service and topic-partition, with every batch counted
/// once however many lines report it, and a bound for what the log cannot settle.
///
/// The rules are in `rules`, printed with the report.
public struct LostMessageEstimate: Sendable {
    /// What the log says became of a send.
    public enum Verdict: String, Sendable, Codable {
        case lost = "confirmed lost"
        case possible = "possibly lost"
        case retried = "not lost: sent on retry"
    }

    /// One batch, one failed record or one unsettled retry, with the lines that report it.
    public struct Loss: Sendable {
        public var service: String
        public var topicPartition: String
        /// Records, when the log gives a count (or the line speaks for one record).
        public var records: Int?
        public var kind: EventKind
        public var verdict: Verdict
        public var reason: String
        public var reports: [Event]
        public var elapsedMs: String?
        public var first: Event { reports[0] }
    }

    /// A service and topic-partition's totals.
    public struct Row: Sendable {
        public var service: String
        public var topicPartition: String
        public var batches: Int
        public var confirmedRecords: Int
        /// Unsettled items with a known size, and how many more of unknown size.
        public var possibleRecords: Int
        public var possibleUnknownSize: Int
        public var retried: Int
        public var lines: Int
        public var evidence: [Event]
    }

    /// A producer whose loss the logs cannot bound: it was cut off, but no per-record outcome of it is
    /// logged anywhere in the archive, by its library or its application.
    public struct Unbounded: Sendable {
        public var service: String
        public var reason: String
    }

    public static let batchWindowSeconds = 1.0

    public static let rules = [
        "Confirmed lost: an expired batch (`Expiring N record(s) for T-P`) loses N records; a failed send that prints no count (a producer listener's \"Exception thrown when sending\", a client-side \"Message timed out\") loses one record.",
        "Each batch counts once: lines with the same service, file, topic-partition and record count (and elapsed ms where printed), logged within 1 s of the batch's first line, are one batch. Spring's LoggingProducerListener logs one ERROR per record of a batch, and the exception may be logged again on its own.",
        "Possibly lost (between the bounds): a record whose error says it was sent and got no answer (it may be stored), a timeout of a client that logged a request timing out in flight before it, a retriable produce error with no later outcome for that topic-partition, or an expiry that prints no count. Each library's rule is in its pattern pack.",
        "The upper bound is unknown, not 0, for a producer that was cut off but whose library and application log no per-record outcome anywhere in the archive, and when an unsettled item has no size.",
        "Possibly lost, not confirmed: the first records a producer gives up on after its last acknowledged send, as many as its cadence sent between that acknowledgement and its first failure, when their error does not say whether they were sent (they may have been in flight and stored).",
        "Not lost: a failed send whose record key is later logged as sent successfully by the same service.",
        "Consumers that were cut off are delayed, not lost: their messages stay in Kafka.",
    ]

    public var losses: [Loss]
    public var unbounded: [Unbounded]

    /// `events` is an incident's events in time order, including successful sends; `unbounded` names
    /// the producers whose loss the logs cannot bound.
    public init(events: [Event], unbounded: [Unbounded] = []) {
        var losses: [Loss] = []
        self.unbounded = unbounded
        let successes = events.filter { $0.kind == .sendSucceeded }
        let inFlight = events.filter { $0.kind == .requestTimeout && $0.fate == .unknown }
        /// The verdict a failed record's fate gives, and why.
        func verdict(_ event: Event) -> (Verdict, String)? {
            switch event.fate {
            case .unknown?:
                return (.possible, "sent, no answer: may be stored")
            case .lostUnlessInFlight? where inFlight.contains(where: { $0.service == event.service && $0.time <= event.time }):
                return (.possible, "timed out after a request timed out in flight")
            default:
                return nil
            }
        }
        func sentLater(_ event: Event) -> Bool {
            guard let key = event.fields["key"] else { return false }
            return successes.contains { $0.service == event.service && $0.fields["key"] == key && $0.time >= event.time }
        }
        for event in events {
            let tp = event.topicPartition ?? "(unknown partition)"
            switch event.kind {
            case .batchExpired, .deliveryFailed:
                let count = event.recordCount
                if event.kind == .batchExpired || count != nil {
                    let elapsed = event.fields["elapsed_ms"]
                    if let i = losses.lastIndex(where: { loss in
                        loss.kind == .batchExpired && loss.service == event.service && loss.first.file == event.file
                            && Self.samePartition(loss.topicPartition, tp)
                            && (loss.records == count || loss.records == nil || count == nil)
                            && (loss.elapsedMs == nil || elapsed == nil || loss.elapsedMs == elapsed)
                            && event.time.seconds(since: loss.first.time) <= Self.batchWindowSeconds
                    }) {
                        // A line without a count joins the counted lines of its batch; a counted line
                        // settles a batch first seen without one.
                        losses[i].reports.append(event)
                        if losses[i].elapsedMs == nil { losses[i].elapsedMs = elapsed }
                        if losses[i].records == nil, let count {
                            losses[i].records = count
                            losses[i].verdict = verdict(event)?.0 ?? .lost
                            losses[i].reason = "expired batch of \(count)"
                        }
                    } else if let count {
                        let (fate, why) = verdict(event) ?? (.lost, "expired batch of \(count)")
                        losses.append(Loss(service: event.service, topicPartition: tp, records: count, kind: .batchExpired,
                                           verdict: fate, reason: fate == .lost ? why : "batch of \(count): " + why, reports: [event],
                                           elapsedMs: elapsed))
                    } else {
                        losses.append(Loss(service: event.service, topicPartition: tp, records: nil, kind: .batchExpired,
                                           verdict: .possible, reason: "expiry without a record count", reports: [event], elapsedMs: elapsed))
                    }
                } else if sentLater(event) {
                    losses.append(Loss(service: event.service, topicPartition: tp, records: 1, kind: .deliveryFailed,
                                       verdict: .retried, reason: "key \(event.fields["key"] ?? "") sent later", reports: [event]))
                } else {
                    let (fate, why) = verdict(event) ?? (.lost, "failed send")
                    losses.append(Loss(service: event.service, topicPartition: tp, records: 1, kind: .deliveryFailed,
                                       verdict: fate, reason: why, reports: [event]))
                }
            case .requestTimeout where event.fields["topic"] != nil:
                losses.append(Loss(service: event.service, topicPartition: tp, records: event.recordCount, kind: .requestTimeout,
                                   verdict: .possible, reason: "retriable error with no later outcome", reports: [event]))
            default:
                continue
            }
        }
        // A retry whose topic-partition later shows a confirmed loss, or a successful send, is settled.
        let found = losses
        losses.removeAll { loss in
            guard loss.kind == .requestTimeout else { return false }
            let settled = found.contains { $0.verdict == .lost && $0.service == loss.service && Self.samePartition($0.topicPartition, loss.topicPartition) && $0.first.time >= loss.first.time }
                || successes.contains { $0.service == loss.service && $0.topicPartition.map { Self.samePartition($0, loss.topicPartition) } == true && $0.time > loss.first.time }
            return settled
        }
        // Several retries of one partition are one unsettled item.
        var seen = Set<String>()
        losses.removeAll { loss in
            guard loss.kind == .requestTimeout else { return false }
            return !seen.insert(loss.service + "\u{0}" + loss.topicPartition).inserted
        }
        Self.markSentBeforeTheDrop(&losses, events: events, successes: successes)
        self.losses = losses
    }

    /// How far before an incident successful sends are looked at for a producer's cadence.
    public static let cadenceLookbackSeconds = 30.0

    /// A record sent just before a producer's first failure and never acknowledged may have been in flight
    /// and stored (the broker appended it, the answer was lost with the connection), yet the library then
    /// reports it timed out like the records that were never sent. The logs show the last acknowledgement
    /// A and the first failure D: the sends of the cadence in between, ceil((D - A) / cadence) and at least
    /// one, are the first `lost_unless_in_flight` records to fail, and they are possible, not confirmed.
    static func markSentBeforeTheDrop(_ losses: inout [Loss], events: [Event], successes: [Event]) {
        let services = Set(losses.filter { $0.verdict == .lost && $0.first.fate == .lostUnlessInFlight }.map(\.service))
        guard !services.isEmpty else { return }
        var drops: [String: Event] = [:]
        for event in events where event.kind.role == .failure && services.contains(event.service) && drops[event.service] == nil {
            drops[event.service] = event
        }
        let sendsByService = Dictionary(grouping: successes.filter { services.contains($0.service) }, by: \.service)
        for service in services.sorted() {
            guard let drop = drops[service] else { continue }
            let acknowledged = (sendsByService[service] ?? []).filter { $0.time < drop.time }
            guard acknowledged.count >= 3, let last = acknowledged.last else { continue }
            let cadence = DeliveryStall.cadence(ofGaps: zip(acknowledged.dropFirst(), acknowledged).map { $0.time.seconds(since: $1.time) })
            guard cadence > 0 else { continue }
            var unacknowledged = max(1, Int((drop.time.seconds(since: last.time) / cadence).rounded(.up)))
            for i in losses.indices where unacknowledged > 0 && losses[i].service == service && losses[i].verdict == .lost
                && losses[i].first.fate == .lostUnlessInFlight && losses[i].first.time >= drop.time {
                losses[i].verdict = .possible
                losses[i].reason = "sent before the connection dropped and not acknowledged: may be stored"
                unacknowledged -= losses[i].records ?? 1
            }
        }
    }

    /// True when two names can be the same partition: equal, or one is a topic and the other one of
    /// its partitions (clients such as Sarama print only the topic).
    static func samePartition(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "-") || b.hasPrefix(a + "-")
    }

    public var confirmed: [Loss] { losses.filter { $0.verdict == .lost } }
    public var totalRecords: Int { confirmed.reduce(0) { $0 + ($1.records ?? 0) } }
    public var totalBatches: Int { confirmed.filter { $0.kind == .batchExpired }.count }
    public var failedSends: Int { confirmed.filter { $0.kind == .deliveryFailed }.count }
    public var totalLines: Int { confirmed.reduce(0) { $0 + $1.reports.count } }
    public var possibleRecords: Int { losses.filter { $0.verdict == .possible }.reduce(0) { $0 + ($1.records ?? 0) } }
    public var possibleUnknownSize: Int { losses.filter { $0.verdict == .possible && $0.records == nil }.count }
    public var retried: Int { losses.filter { $0.verdict == .retried }.count }
    /// Confirmed plus every record whose fate the logs leave open; nil when that is unknown: a producer
    /// logs no per-record outcome, or an unsettled item has no size.
    public var upperBound: Int? {
        unbounded.isEmpty && possibleUnknownSize == 0 ? totalRecords + possibleRecords : nil
    }

    /// Totals per service and topic-partition, sorted by service then topic-partition.
    public var rows: [Row] {
        var byKey: [String: Row] = [:]
        for loss in losses {
            let key = loss.service + "\u{0}" + loss.topicPartition
            var row = byKey[key] ?? Row(service: loss.service, topicPartition: loss.topicPartition, batches: 0, confirmedRecords: 0,
                                       possibleRecords: 0, possibleUnknownSize: 0, retried: 0, lines: 0, evidence: [])
            switch loss.verdict {
            case .lost:
                if loss.kind == .batchExpired { row.batches += 1 }
                row.confirmedRecords += loss.records ?? 0
                row.lines += loss.reports.count
            case .possible:
                if let records = loss.records { row.possibleRecords += records } else { row.possibleUnknownSize += 1 }
            case .retried:
                row.retried += 1
            }
            row.evidence.append(loss.first)
            byKey[key] = row
        }
        return byKey.values.sorted { ($0.service, $0.topicPartition) < ($1.service, $1.topicPartition) }
    }
}
