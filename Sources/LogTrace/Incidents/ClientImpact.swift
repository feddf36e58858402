/// How one Kafka client inside a service (a producer or consumer, by its client id) went through an
/// incident. A service with a producer and a consumer recovers when both have.
public struct ClientImpact: Sendable {
    /// The client id as printed; empty for lines that name no client.
    public var client: String
    /// `Producer`, `Consumer` or `AdminClient` when the lines say; empty otherwise.
    public var role: String
    public var groups: [String]
    public var firstFailure: Event
    public var lastFailure: Event
    public var recovery: Event?
    public var recoveryBasis: ServiceImpact.RecoveryBasis
    public var failureCount: Int
    /// For a consumer: the messages produced to its topics while it was cut off, as far as lines show.
    public var backlog: ConsumerBacklog?

    public var recoveredAt: Timestamp { recovery?.time ?? lastFailure.time }

    /// True for consumers: their messages wait in Kafka while they are cut off.
    public var isConsumer: Bool { role == "Consumer" || !groups.isEmpty }

    /// The role a client id names, when it names one and only one: librdkafka's instance names
    /// (`orders#producer-1`, `ledger#consumer-1`) and the Java client's default ids (`producer-1`,
    /// `consumer-group-1`) say which they are.
    static func role(namedBy client: String) -> String? {
        let id = client.lowercased()
        switch (id.contains("producer"), id.contains("consumer")) {
        case (true, false): return "Producer"
        case (false, true): return "Consumer"
        default: return nil
        }
    }

    /// What a recovery event tells of how its client recovered.
    static func basis(of recovery: Event) -> ServiceImpact.RecoveryBasis {
        switch recovery.kind {
        case .sendSucceeded: return .successfulSend
        case .resumedLogging: return .resumedLogging
        default: return .recoveryLine
        }
    }

    /// Kinds only a producer logs, and kinds only a consumer logs.
    static let producerKinds: Set<EventKind> = [.batchExpired, .deliveryFailed]
    static let consumerKinds: Set<EventKind> = [.coordinatorLost, .commitFailed]

    /// True when `event` (a recovery line or a successful send) tells that `client` ("" when its failures
    /// named none) recovered: a line naming a client serves that client and the unnamed one; one naming
    /// none serves every client of its pod, except a consumer-group line, which serves consumers; a send
    /// serves producers.
    ///
    /// After a request timed out (`timedOut`), a line that proves only a TCP connection (`connect_only`)
    /// is no recovery: a frozen broker's kernel still accepts connections it never answers.
    static func recovers(_ event: Event, client: String, consumer: Bool, lastFailure: Event, timedOut: Bool = false) -> Bool {
        if timedOut && event.fields[EventFields.connectOnly] == "true" { return false }
        // A line naming no client speaks only for its own pod: a replica's success is not this one's.
        if event.client == nil && event.pod != lastFailure.pod { return false }
        if event.kind == .sendSucceeded { return !consumer && (event.client == nil || event.client == client) }
        if let named = event.client { return named == client || client.isEmpty }
        let consumerSide = event.fields["group"] != nil || event.fields["role"] == "Consumer"
        return !consumerSide || consumer || client.isEmpty
    }

    /// Groups a service's failures by client and finds each client's recovery among `later` (the
    /// service's events after its failures).
    ///
    /// A failure that names no client (Spring's producer listener prints none) goes to the service's only
    /// producer or only consumer when its kind says which and there is just one. Which later line is a
    /// client's recovery is `recovers(_:client:consumer:lastFailure:)`'s to say.
    ///
    /// With `brokerBack` (the broker's startup line or the clients' first sign of it), the failures a
    /// client logs after a recovery that follows the broker's return are the churn of getting back (a
    /// group rejoining, a commit of the old generation refused), not the outage: that first recovery
    /// stands.
    static func impacts(failures: [Event], later: ArraySlice<Event>, brokerBack: Event? = nil) -> [ClientImpact] {
        var roleOf: [String: String] = [:]
        for event in failures {
            if let client = event.client, let role = event.fields["role"] { roleOf[client] = role }
        }
        let producers = roleOf.filter { $0.value == "Producer" }.map(\.key)
        let consumers = roleOf.filter { $0.value == "Consumer" }.map(\.key)
        let byClient = Dictionary(grouping: failures) { event -> String in
            if let client = event.client { return client }
            if producerKinds.contains(event.kind) && producers.count == 1 { return producers[0] }
            if consumerKinds.contains(event.kind) && consumers.count == 1 { return consumers[0] }
            return ""
        }
        return byClient.keys.sorted().map { client in
            let own = byClient[client]!
            let outageFailures = brokerBack.map { back in own.filter { !Event.precedes(back, $0) } } ?? own
            let last = outageFailures.last ?? own.last!
            let role = roleOf[client] ?? own.compactMap { $0.fields["role"] }.first ?? Self.role(namedBy: client) ?? ""
            let groups = Set(own.compactMap { $0.fields["group"] }).sorted()
            let consumer = role == "Consumer" || !groups.isEmpty
            let timedOut = own.contains { $0.kind == .requestTimeout }
            let recoveryAfter = { (failure: Event) in
                later.first { event in
                    // Later in the total order: a recovery logged in the same second (Go) or with an inherited
                    // time still counts when it comes after the failure in the file.
                    guard Event.precedes(failure, event), event.kind.role == .recovery || event.kind == .sendSucceeded else { return false }
                    return recovers(event, client: client, consumer: consumer, lastFailure: failure, timedOut: timedOut)
                }
            }
            // A recovery before the broker's return, followed by more failures, was not the end of it.
            let recovery: Event?
            if let back = brokerBack, let first = recoveryAfter(last), !Event.precedes(first, back) {
                recovery = first
            } else {
                recovery = recoveryAfter(own.last!)
            }
            return ClientImpact(client: client, role: role, groups: groups, firstFailure: own[0], lastFailure: own.last!,
                                recovery: recovery,
                                recoveryBasis: recovery.map(Self.basis(of:)) ?? .lastFailure,
                                failureCount: own.count)
        }
    }
}
