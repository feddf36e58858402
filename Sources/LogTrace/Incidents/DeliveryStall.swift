/// A producer's stream of successful sends that stopped far longer than its cadence, and either resumed
/// with a burst (the records queued while the broker did not answer were acknowledged at once) or was
/// followed by its own requests timing out. No library logs a broker that froze for less than its request
/// timeout, and one that froze for longer shows only when the timeouts run out: the stopped
/// acknowledgements tell when it began.
///
/// Found per file from its own events alone, so a file's stalls do not depend on which other files are
/// read with it. A stall becomes a `deliveries_stalled` failure event when the next send was due (one
/// cadence after the last before the silence); a burst's first send is the producer's recovery.
public struct DeliveryStall: Sendable {
    /// The last send before the silence, and the first of the burst after it.
    public var lastBefore: Event
    public var firstAfter: Event
    /// The sends of the burst, `firstAfter` included; 0 when the silence ended in `timedOut` instead.
    public var burst: Int
    /// The file's first failure in the silence, when it is a request that timed out or a send given up
    /// on: the application was sending and its requests went unanswered.
    public var timedOut: Event?
    /// The median gap between the sends before the stall, in seconds.
    public var cadence: Double

    public var seconds: Double { firstAfter.time.seconds(since: lastBefore.time) }

    /// A stall lasts at least this long, and at least `cadenceFactor` times the stream's median gap.
    public static let minimumSeconds = 2.0
    public static let cadenceFactor = 10.0
    /// Gaps the cadence is taken from (the ones just before), and the fewest that make a steady stream.
    public static let cadenceWindow = 20
    public static let minimumHistory = 10
    /// A burst is a run of sends each within half the cadence (at most a quarter of a second) of the one
    /// before. It must hold at least `minimumBurst` sends and `minimumBacklog` of the sends the stream's
    /// cadence would have made during the silence: the application kept sending and its records waited.
    /// An idle application whose traffic comes back in a rush has no such backlog, and batched sends whose
    /// acknowledgements come in clumps have a cadence near zero, so neither is taken for a stall.
    public static let minimumBurst = 3
    public static let minimumBacklog = 0.5
    static func burstGap(_ cadence: Double) -> Double { min(0.25, cadence / 2) }

    /// Failures that prove requests were pending, and how long after the overdue acknowledgement they may
    /// come (a delivery timeout runs up to two minutes by default; five leaves room for retries).
    static let timeoutKinds: Set<EventKind> = [.requestTimeout, .deliveryFailed, .batchExpired]
    public static let longestWaitSeconds = 300.0

    /// The stalls in `events` (time-ordered), file by file.
    public static func find(in events: [Event]) -> [DeliveryStall] {
        var sendsByFile: [String: [Event]] = [:]
        var failuresByFile: [String: [Event]] = [:]
        for event in events where !event.untimed {
            if event.kind == .sendSucceeded { sendsByFile[event.file, default: []].append(event) }
            if event.kind.role == .failure { failuresByFile[event.file, default: []].append(event) }
        }
        var stalls: [DeliveryStall] = []
        for file in sendsByFile.keys.sorted() { stalls += find(inFile: sendsByFile[file]!, failures: failuresByFile[file] ?? []) }
        return stalls
    }

    static func find(inFile sends: [Event], failures: [Event] = []) -> [DeliveryStall] {
        var stalls: [DeliveryStall] = []
        var gaps: [Double] = []
        var i = 1
        while i < sends.count {
            let gap = sends[i].time.seconds(since: sends[i - 1].time)
            if gaps.count >= minimumHistory {
                let cadence = Self.cadence(ofGaps: gaps.suffix(cadenceWindow))
                if gap >= max(minimumSeconds, cadenceFactor * cadence) {
                    let closeness = burstGap(cadence)
                    var burst = 1
                    while i + burst < sends.count
                        && sends[i + burst].time.seconds(since: sends[i + burst - 1].time) <= closeness { burst += 1 }
                    if burst >= minimumBurst && Double(burst) >= minimumBacklog * gap / cadence {
                        stalls.append(DeliveryStall(lastBefore: sends[i - 1], firstAfter: sends[i], burst: burst, cadence: cadence))
                        // The burst is the backlog, not the stream's cadence.
                        i += burst
                        continue
                    }
                    if let failure = firstFailure(in: failures, after: sends[i - 1], before: sends[i]), timeoutKinds.contains(failure.kind),
                       failure.time.seconds(since: sends[i - 1].time) <= cadence + longestWaitSeconds {
                        stalls.append(DeliveryStall(lastBefore: sends[i - 1], firstAfter: sends[i], burst: 0, timedOut: failure, cadence: cadence))
                    }
                }
            }
            gaps.append(gap)
            i += 1
        }
        return stalls
    }

    /// A stream's cadence: the median of the gaps between its sends (not empty).
    static func cadence<Gaps: Collection<Double>>(ofGaps gaps: Gaps) -> Double {
        let sorted = gaps.sorted()
        return sorted[sorted.count / 2]
    }

    /// The first of `failures` (time-ordered) strictly between two sends.
    static func firstFailure(in failures: [Event], after: Event, before: Event) -> Event? {
        var low = 0, high = failures.count
        while low < high {
            let mid = (low + high) / 2
            if Event.precedes(after, failures[mid]) { high = mid } else { low = mid + 1 }
        }
        guard low < failures.count, Event.precedes(failures[low], before) else { return nil }
        return failures[low]
    }

    /// The stall event's field naming the timeout that ended the silence: requests went unanswered, so
    /// the broker froze rather than went away.
    public static let timedOutField = "timed_out_at"

    /// When the stall shows: the next acknowledgement was due one cadence after the last one.
    public var overdue: Timestamp {
        Timestamp(nanoseconds: min(lastBefore.time.adding(seconds: cadence).nanoseconds, firstAfter.time.nanoseconds - 1))
    }

    /// The failure event standing for the stall: when the next acknowledgement was overdue, citing the
    /// last send before the silence, with the silence and the burst as fields.
    public var event: Event {
        var fields: [String: String] = [
            "stalled_ms": String(Int((seconds * 1000).rounded())),
            "burst": String(burst),
            "cadence_ms": String(Int((cadence * 1000).rounded())),
        ]
        if let timedOut { fields[Self.timedOutField] = timedOut.evidence }
        if let client = lastBefore.client { fields["client"] = client }
        if let topic = lastBefore.fields["topic"] { fields["topic"] = topic }
        if let partition = lastBefore.fields["partition"] { fields["partition"] = partition }
        let usual = "usually every \(Int((cadence * 1000).rounded())) ms"
        let excerpt = timedOut.map { "no send acknowledged after this line (\(usual)); requests timed out from \($0.evidence)" }
            ?? "no send acknowledged for \(String(format: "%.1f", seconds)) s (\(usual)), then \(burst) at once"
        return Event(time: max(overdue, Timestamp(nanoseconds: lastBefore.time.nanoseconds + 1)), appTime: nil, kind: .deliveriesStalled,
                     patternID: "logtrace:delivery-stall", service: lastBefore.service, pod: lastBefore.pod, file: lastBefore.file,
                     line: lastBefore.line, level: nil, fields: EventFields(fields), excerpt: excerpt,
                     timeInherited: lastBefore.timeInherited, untimed: false)
    }
}
