/// Splits the time-ordered events into outages by following each client's state, the way an on-call
/// engineer reads the logs: an outage starts with a failure (or the broker's own shutdown line) and ends
/// when every client that failed has recovered and the broker, if its log said it went down, is back.
///
/// A client recovers at its recovery line, at its first successful send, or, when it logs neither, once
/// its failures have stopped for `quietSeconds(for:)`: three times the longest pause between its own
/// failures (a retry loop backs off, but keeps trying), at least `minimumQuietSeconds`, at most
/// `gapSeconds`. A failure after an outage ended starts a new one, however soon. `gapSeconds` is only the
/// longest silence an outage may hold: with no event at all for that long, it ends.
public struct OutageTracker: Sendable {
    /// One outage: its failures and broker lines, and when it ended.
    public struct Span: Sendable {
        public var failures: [Event] = []
        /// Broker lines (down, starting, up) inside the span.
        public var brokerEvents: [Event] = []
        /// The first event of the span.
        public var start: Timestamp
        /// When the last client recovered (or the broker came back): the span's end.
        public var end: Timestamp
    }

    public var gapSeconds: Double
    public static let minimumQuietSeconds = 10.0

    public init(gapSeconds: Double) {
        self.gapSeconds = gapSeconds
    }

    /// A client, as failures and recoveries name it: its service and client id ("" when unnamed).
    struct ClientKey: Hashable {
        var service: String
        var client: String
    }

    struct ClientState {
        var lastFailureEvent: Event
        var lastFailure: Timestamp { lastFailureEvent.time }
        var longestPause = 0.0
        var consumer: Bool
        /// Set at its recovery line or first successful send after its last failure.
        var recovered: Timestamp?
        /// True once one of its requests timed out: the broker may be frozen, not gone.
        var timedOut = false
    }

    /// How long a client whose last failure is described by `state` must stay quiet to count as recovered.
    func quietSeconds(for state: ClientState) -> Double {
        min(gapSeconds, max(Self.minimumQuietSeconds, 3 * state.longestPause))
    }

    /// The spans of `events` (time-ordered, timed only).
    public func spans(_ events: [Event]) -> [Span] {
        var spans: [Span] = []
        var open: Span?
        var clients: [ClientKey: ClientState] = [:]
        var brokerDown = false
        var lastActivity = Timestamp(nanoseconds: .min)
        // The latest of the clients' settle times (nil: to be recomputed, after the client holding it
        // recovered earlier than it), and how many clients have not recovered on evidence: kept as the
        // clients change, so that thousands of failing pods do not make each event cost them all.
        var latestSettle: Timestamp? = Timestamp(nanoseconds: .min)
        var unrecovered = 0

        /// When a client settles: its recovery, or its last failure plus its quiet time.
        func settles(_ state: ClientState) -> Timestamp {
            state.recovered ?? state.lastFailure.adding(seconds: quietSeconds(for: state))
        }

        /// When the open span ends if nothing more happens: every client recovered, or quiet long enough.
        /// Nil while the broker is down, unless every client that failed recovered on evidence.
        func settledEnd() -> Timestamp? {
            if latestSettle == nil { latestSettle = clients.values.map(settles).max() ?? Timestamp(nanoseconds: .min) }
            let end = max(open?.start ?? Timestamp(nanoseconds: .min), latestSettle!)
            if brokerDown && !(unrecovered == 0 && !clients.isEmpty) { return nil }
            return end
        }

        func close(at time: Timestamp) {
            guard var span = open else { return }
            // A client that recovered only by going quiet ended at its last failure.
            var end = span.start
            for state in clients.values { end = max(end, state.recovered ?? state.lastFailure) }
            for event in span.brokerEvents where event.kind.role == .brokerUp { end = max(end, event.time) }
            span.end = min(max(end, span.start), time)
            spans.append(span)
            open = nil
            clients = [:]
            latestSettle = Timestamp(nanoseconds: .min)
            unrecovered = 0
            brokerDown = false
        }

        for event in events {
            if open != nil {
                let silentTooLong = event.time.seconds(since: lastActivity) > gapSeconds
                if silentTooLong {
                    close(at: lastActivity)
                } else if let end = settledEnd(), event.time > end, event.kind.role == .failure || event.kind.role == .brokerDown {
                    close(at: end)
                }
            }
            switch event.kind.role {
            case .failure:
                if open == nil { open = Span(start: event.time, end: event.time) }
                open!.failures.append(event)
                let key = ClientKey(service: event.service, client: event.client ?? "")
                let consumer = event.fields["group"] != nil || event.fields["role"] == "Consumer" || ClientImpact.consumerKinds.contains(event.kind)
                var state: ClientState
                if let known = clients[key] {
                    state = known
                    if state.recovered != nil { unrecovered += 1 }
                    state.longestPause = max(state.longestPause, event.time.seconds(since: state.lastFailure))
                    state.lastFailureEvent = event
                    state.consumer = state.consumer || consumer
                    state.timedOut = state.timedOut || event.kind == .requestTimeout
                    state.recovered = nil
                } else {
                    state = ClientState(lastFailureEvent: event, consumer: consumer, timedOut: event.kind == .requestTimeout)
                    unrecovered += 1
                }
                clients[key] = state
                // A failure only moves its client's settle time later.
                if let latest = latestSettle { latestSettle = max(latest, settles(state)) }
                lastActivity = event.time
            case .recovery, .information:
                guard open != nil, event.kind.role == .recovery || event.kind == .sendSucceeded else { continue }
                // A recovery line counts until the span ends (at the next failure after every client
                // settled), and within `gapSeconds` of the client's last failure.
                for (key, state) in clients where state.recovered == nil && key.service == event.service
                    && Event.precedes(state.lastFailureEvent, event)
                    && event.time <= state.lastFailure.adding(seconds: gapSeconds)
                    && ClientImpact.recovers(event, client: key.client, consumer: state.consumer, lastFailure: state.lastFailureEvent,
                                             timedOut: state.timedOut) {
                    if settles(state) == latestSettle { latestSettle = nil }
                    clients[key]!.recovered = event.time
                    unrecovered -= 1
                }
                lastActivity = event.time
            case .brokerDown:
                if open == nil { open = Span(start: event.time, end: event.time) }
                open!.brokerEvents.append(event)
                brokerDown = true
                lastActivity = event.time
            case .brokerUp, .brokerOther:
                guard open != nil else { continue }
                open!.brokerEvents.append(event)
                if event.kind.role == .brokerUp { brokerDown = false }
                lastActivity = event.time
            }
        }
        if open != nil { close(at: Timestamp(nanoseconds: .max)) }
        return spans
    }
}
