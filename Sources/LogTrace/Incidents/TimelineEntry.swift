/// One row of an incident's timeline: the first of a run of like events (same service, pod, client and
/// kind), how many there were and until when, or one lost batch, or one broker event.
public struct TimelineEntry: Sendable {
    public var first: Event
    public var count: Int
    public var last: Event
    /// Records lost, for a batch-expiry or failed-send row.
    public var lostRecords: Int?
    /// Lines that reported the same batch, for a batch-expiry row.
    public var reportingLines: Int?
    /// For a loss row: what the log says became of it.
    public var verdict: LostMessageEstimate.Verdict?

    public var time: Timestamp { first.time }

    /// What happened, in words: the kind and the details the pattern captured.
    public var description: String {
        var text = first.kind.phrase
        var details: [String] = []
        if let role = first.fields["role"], let client = first.client {
            details.append("\(role.lowercased()) \(client)")
        } else if let client = first.client {
            details.append("client \(client)")
        }
        if let group = first.fields["group"] { details.append("group \(group)") }
        if let node = first.fields["node"] { details.append(BrokerNode.describe(node)) }
        if let tp = first.topicPartition { details.append(tp) }
        if let verdict {
            switch verdict {
            case .lost: details.append("\(lostRecords ?? 0) record\(lostRecords == 1 ? "" : "s") lost")
            case .possible: details.append(lostRecords.map { "\($0) record\($0 == 1 ? "" : "s") possibly lost" } ?? "possibly lost, size unknown")
            case .retried: details.append("sent later on retry, not lost")
            }
            if let reportingLines, reportingLines > 1 { details.append("reported by \(reportingLines) records") }
        }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }

    /// Builds the rows for an incident's events, in time order.
    static func condense(_ events: [Event], losses: [LostMessageEstimate.Loss]) -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        var runs: [String: Int] = [:]
        let lossEvents = Set(losses.flatMap { $0.reports.map(\.evidence) })
        for event in events where !lossEvents.contains(event.evidence) {
            let key = [event.service, event.pod, event.client ?? "", event.fields["group"] ?? "", event.kind.rawValue].joined(separator: "\u{0}")
            if let i = runs[key] {
                entries[i].count += 1
                entries[i].last = event
            } else {
                runs[key] = entries.count
                entries.append(TimelineEntry(first: event, count: 1, last: event))
            }
        }
        for loss in losses {
            entries.append(TimelineEntry(first: loss.first, count: 1, last: loss.first, lostRecords: loss.records,
                                         reportingLines: loss.reports.count, verdict: loss.verdict))
        }
        return entries.sorted { Event.precedes($0.first, $1.first) }
    }
}
