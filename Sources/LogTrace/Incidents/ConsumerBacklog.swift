/// How many messages a consumer fell behind while it was cut off: the records its topics' producers got
/// acknowledged between its first failure and its recovery, as their delivery lines show. A lower bound:
/// a producer that logs no acknowledgement adds records no line counts, and the report names it.
public struct ConsumerBacklog: Sendable {
    /// The topic-partitions (or topics) the consumer's own lines name; empty when they name none.
    public var topics: [String]
    /// Acknowledged sends to those topics while it was cut off; nil when its topics are unknown or no
    /// producer of them logs acknowledgements.
    public var acknowledged: Int?
    /// The services whose acknowledgements were counted, and those that produce to the topics (by their
    /// failures) but log no acknowledgement.
    public var countedProducers: [String]
    public var uncountedProducers: [String]

    /// Which services acknowledge sends to each topic, and which log failed sends to it, over a whole run.
    struct Producers {
        var acknowledging: [String: Set<String>] = [:]
        var failing: [String: Set<String>] = [:]

        init(_ events: [Event]) {
            for event in events {
                guard let topic = event.fields["topic"] else { continue }
                switch event.kind {
                case .sendSucceeded: acknowledging[topic, default: []].insert(event.service)
                case .batchExpired, .deliveryFailed: failing[topic, default: []].insert(event.service)
                default: break
                }
            }
        }
    }

    /// The backlog of `client`, a consumer: `own` are its service's events, `during` every event of the
    /// run from its first failure to its recovery.
    init(client: ClientImpact, own: [Event], during: ArraySlice<Event>, producers: Producers) {
        let producerKinds: Set<EventKind> = [.sendSucceeded, .batchExpired, .deliveryFailed]
        let consumerSide = own.filter { $0.fields["role"] != "Producer" && !producerKinds.contains($0.kind) && $0.fields["topic"] != nil }
        let partitions = Set(consumerSide.filter { $0.fields["partition"] != nil }.compactMap(\.topicPartition))
        let bareTopics = Set(consumerSide.filter { $0.fields["partition"] == nil }.compactMap { $0.fields["topic"] })
        topics = partitions.union(bareTopics).sorted()
        let topicNames = Set(consumerSide.compactMap { $0.fields["topic"] })
        func consumed(_ event: Event) -> Bool {
            guard let topic = event.fields["topic"], topicNames.contains(topic) else { return false }
            if bareTopics.contains(topic) || event.fields["partition"] == nil { return true }
            return event.topicPartition.map(partitions.contains) ?? false
        }
        let ackers = topicNames.reduce(into: Set<String>()) { $0.formUnion(producers.acknowledging[$1] ?? []) }
        let failers = topicNames.reduce(into: Set<String>()) { $0.formUnion(producers.failing[$1] ?? []) }
        countedProducers = ackers.sorted()
        uncountedProducers = failers.subtracting(ackers).sorted()
        let sends = during.filter { $0.kind == .sendSucceeded && consumed($0) }
        acknowledged = topics.isEmpty || ackers.isEmpty ? nil : sends.reduce(0) { $0 + ($1.recordCount ?? 1) }
    }
}
