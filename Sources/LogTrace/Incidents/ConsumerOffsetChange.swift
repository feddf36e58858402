/// A consumer group's offset for one partition before the incident and after its recovery, where the
/// log shows them (`Setting offset for partition ... to the committed offset ...`).
public struct ConsumerOffsetChange: Sendable {
    public var service: String
    public var group: String?
    public var topicPartition: String
    public var before: Event?
    public var after: Event?
}
