/// How many records producers gave up on, per service and topic-partition, with every batch counted
/// once however many lines report it.
///
/// Rules (also printed in the report):
/// - An expired batch (`Expiring N record(s) for T-P`) loses N records.
/// - Lines reporting the same batch are one batch: same service, file and topic-partition, same record
///   count, same elapsed time when both print one, logged within `batchWindow` of the batch's first line.
///   Spring's LoggingProducerListener prints one ERROR per record of the batch, and the exception may be
///   logged again on its own: all of these are one batch.
/// - A failed send with no count (`delivery_failed`) loses one record.
public struct LostMessageEstimate: Sendable {
    /// One batch or one failed record, with the lines that report it.
    public struct Loss: Sendable {
        public var service: String
        public var topicPartition: String
        public var records: Int
        /// True when the count came from the log line, false when one record was assumed.
        public var counted: Bool
        public var kind: EventKind
        public var reports: [Event]
        public var elapsedMs: String?
        public var first: Event { reports[0] }
    }

    /// A service and topic-partition's total.
    public struct Row: Sendable {
        public var service: String
        public var topicPartition: String
        public var batches: Int
        public var records: Int
        public var lines: Int
        public var evidence: [Event]
    }

    public static let batchWindowSeconds = 1.0

    public var losses: [Loss]

    public init(events: [Event]) {
        var losses: [Loss] = []
        // Events arrive in time order; an open batch stays open for `batchWindowSeconds`.
        for event in events where event.kind.losesRecords {
            let tp = event.topicPartition ?? "(unknown partition)"
            if event.kind == .batchExpired || event.recordCount != nil {
                let count = event.recordCount
                let elapsed = event.fields["elapsed_ms"]
                if let i = losses.lastIndex(where: { loss in
                    loss.kind == .batchExpired && loss.service == event.service && loss.first.file == event.file
                        && loss.topicPartition == tp && loss.counted == (count != nil) && (count == nil || loss.records == count)
                        && (loss.elapsedMs == nil || elapsed == nil || loss.elapsedMs == elapsed)
                        && event.time.seconds(since: loss.first.time) <= Self.batchWindowSeconds
                }) {
                    losses[i].reports.append(event)
                    if losses[i].elapsedMs == nil { losses[i].elapsedMs = elapsed }
                } else {
                    losses.append(Loss(service: event.service, topicPartition: tp, records: count ?? 1, counted: count != nil,
                                       kind: .batchExpired, reports: [event], elapsedMs: elapsed))
                }
            } else {
                losses.append(Loss(service: event.service, topicPartition: tp, records: 1, counted: false,
                                   kind: event.kind, reports: [event], elapsedMs: nil))
            }
        }
        self.losses = losses
    }

    public var totalRecords: Int { losses.reduce(0) { $0 + $1.records } }
    public var totalBatches: Int { losses.filter { $0.kind == .batchExpired }.count }
    public var totalLines: Int { losses.reduce(0) { $0 + $1.reports.count } }

    /// Totals per service and topic-partition, sorted by service then topic-partition.
    public var rows: [Row] {
        var byKey: [String: Row] = [:]
        for loss in losses {
            let key = loss.service + "\u{0}" + loss.topicPartition
            var row = byKey[key] ?? Row(service: loss.service, topicPartition: loss.topicPartition, batches: 0, records: 0, lines: 0, evidence: [])
            row.batches += 1
            row.records += loss.records
            row.lines += loss.reports.count
            row.evidence.append(loss.first)
            byKey[key] = row
        }
        return byKey.values.sorted { ($0.service, $0.topicPartition) < ($1.service, $1.topicPartition) }
    }
}
