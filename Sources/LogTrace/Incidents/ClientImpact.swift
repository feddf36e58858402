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

    public var recoveredAt: Timestamp { recovery?.time ?? lastFailure.time }

    /// True for consumers: their messages wait in Kafka while they are cut off.
    public var isConsumer: Bool { role == "Consumer" || !groups.isEmpty }

    /// Groups a service's failures by client and finds each client's recovery among `later` (the
    /// service's events after its failures): its own recovery line, a recovery line naming no client,
    /// or, for producers, the application's first successful send.
    static func impacts(failures: [Event], later: ArraySlice<Event>) -> [ClientImpact] {
        let byClient = Dictionary(grouping: failures) { $0.client ?? "" }
        return byClient.keys.sorted().map { client in
            let own = byClient[client]!
            let last = own.last!
            let role = own.compactMap { $0.fields["role"] }.first ?? ""
            let groups = Set(own.compactMap { $0.fields["group"] }).sorted()
            let recovery = later.first { event in
                // Later in the total order: a recovery logged in the same second (Go) or with an inherited
                // time still counts when it comes after the failure in the file.
                guard Event.precedes(last, event) else { return false }
                if event.kind.role == .recovery { return event.client == nil || event.client == client || client.isEmpty }
                if event.kind == .sendSucceeded { return role != "Consumer" && groups.isEmpty && (event.client == nil || event.client == client) }
                return false
            }
            return ClientImpact(client: client, role: role, groups: groups, firstFailure: own[0], lastFailure: last,
                                recovery: recovery,
                                recoveryBasis: recovery.map { $0.kind == .sendSucceeded ? .successfulSend : .recoveryLine } ?? .lastFailure,
                                failureCount: own.count)
        }
    }
}
