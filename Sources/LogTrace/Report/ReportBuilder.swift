/// Builds the `Report` from what the earlier stages found: the scan result and the incidents.
public enum ReportBuilder {
    public static let lostRules = [
        "An expired batch (`Expiring N record(s) for T-P`) counts N records lost.",
        "Lines that report the same batch count once: same service, file, topic-partition and record count (and elapsed ms where printed), logged within 1 s of the batch's first line. Spring's LoggingProducerListener logs one ERROR per record of a batch, and the exception may be logged again on its own.",
        "A failed send that prints no count counts one record.",
        "Consumers that were cut off are listed as delayed, not lost: their messages stay in Kafka.",
    ]

    public static func build(scan: ScanResult, incidents: [Incident], isolated: [Event], patterns: PatternSet) -> Report {
        let sections = incidents.map(section)
        let files = scan.files
        var totals = Report.Totals(files: files.count, storedBytes: 0, textBytes: 0, lines: 0, records: 0, events: 0,
                                   recordsWithoutTimestamp: 0, linesWithoutEnvelope: 0, overlongLines: 0,
                                   truncatedRecords: 0, partialFiles: 0, matchLimitHits: 0)
        for file in files {
            totals.storedBytes += file.storedBytes
            totals.textBytes += file.textBytes
            totals.lines += file.lines
            totals.records += file.records
            totals.events += file.events
            totals.recordsWithoutTimestamp += file.recordsWithoutTimestamp
            totals.linesWithoutEnvelope += file.linesWithoutEnvelope
            totals.overlongLines += file.overlongLines
            totals.truncatedRecords += file.truncatedRecords
            totals.partialFiles += file.isPartial ? 1 : 0
            totals.matchLimitHits += file.matchLimitHits.values.reduce(0, +)
        }
        let start = incidents.map { min($0.t0, $0.firstSymptom.time) }.min()
        let end = incidents.map(\.end).max()
        let summary = Report.Summary(
            windowStart: start?.iso8601, windowEnd: end?.iso8601,
            durationSeconds: start.flatMap { s in end.map { rounded($0.seconds(since: s)) } },
            incidents: incidents.count,
            servicesHit: Array(Set(incidents.flatMap { $0.services.map(\.service) })).sorted(),
            lostRecords: sections.reduce(0) { $0 + $1.lost.records },
            lostBatches: sections.reduce(0) { $0 + $1.lost.batches },
            failedSendsWithoutCount: sections.reduce(0) { $0 + $1.lost.failedSendsWithoutCount },
            partialFiles: files.filter(\.isPartial).map(\.path))
        let packs = patterns.files.map { String($0.split(separator: "/").last ?? Substring($0)) }
        return Report(summary: summary, incidents: sections,
                      isolated: isolated.map { moment($0, t0: nil, what: $0.kind.phrase) },
                      inputs: Report.Inputs(totals: totals, files: files),
                      patterns: Report.PatternsUsed(files: packs, entries: patterns.patterns.count))
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    static func moment(_ event: Event, t0: Timestamp?, what: String) -> Report.Moment {
        Report.Moment(offsetSeconds: t0.map { rounded(event.time.seconds(since: $0)) }, time: event.time.iso8601,
                      service: event.service, pod: event.pod, what: what, evidence: event.evidence)
    }

    static func section(_ incident: Incident) -> Report.IncidentSection {
        let t0 = incident.t0
        let entries = TimelineEntry.condense(incident.events, losses: incident.lost.losses)
        let timeline = entries.map { entry in
            Report.TimelineRow(offsetSeconds: rounded(entry.time.seconds(since: t0)), time: entry.time.iso8601,
                               service: entry.first.service, pod: entry.first.pod, what: entry.description, count: entry.count,
                               untilOffsetSeconds: entry.count > 1 ? rounded(entry.last.time.seconds(since: t0)) : nil,
                               evidence: entry.first.evidence)
        }
        let lostByService = Dictionary(grouping: incident.lost.losses, by: \.service).mapValues { $0.reduce(0) { $0 + $1.records } }
        let services = incident.services.map { impact in
            let recovered = impact.recovery ?? impact.lastFailure
            return Report.ServiceRow(
                service: impact.service, roles: impact.roles, pods: impact.pods, clients: impact.clients,
                firstFailure: moment(impact.firstFailure, t0: t0, what: impact.firstFailure.kind.phrase),
                lastFailure: moment(impact.lastFailure, t0: t0, what: impact.lastFailure.kind.phrase),
                recovered: moment(recovered, t0: t0, what: recovered.kind.phrase),
                recoveryBasis: impact.recoveryBasis.rawValue,
                impactSeconds: rounded(impact.recoveredAt.seconds(since: impact.firstFailure.time)),
                failures: impact.failureCount,
                failuresByKind: Dictionary(uniqueKeysWithValues: impact.countsByKind.map { ($0.key.rawValue, $0.value) }),
                lostRecords: lostByService[impact.service] ?? 0)
        }
        let lost = incident.lost
        let lostSection = Report.LostSection(
            records: lost.totalRecords, batches: lost.totalBatches,
            failedSendsWithoutCount: lost.losses.filter { !$0.counted }.count,
            reportingLines: lost.totalLines,
            rows: lost.rows.map {
                Report.LostRow(service: $0.service, topicPartition: $0.topicPartition, batches: $0.batches,
                               records: $0.records, reportingLines: $0.lines, evidence: $0.evidence.map(\.evidence))
            },
            rules: lostRules)
        let delayed = incident.services.filter(\.isConsumer).map { impact in
            let groups = Set(incident.events.filter { $0.service == impact.service }.compactMap { $0.fields["group"] }).sorted()
            let until = impact.recovery ?? impact.lastFailure
            return Report.DelayedRow(service: impact.service, groups: groups,
                                     from: moment(impact.firstFailure, t0: t0, what: impact.firstFailure.kind.phrase),
                                     until: moment(until, t0: t0, what: until.kind.phrase),
                                     seconds: rounded(impact.recoveredAt.seconds(since: impact.firstFailure.time)),
                                     basis: impact.recoveryBasis.rawValue)
        }
        var byKind: [String: Int] = [:]
        for event in incident.events { byKind[event.kind.rawValue, default: 0] += 1 }
        return Report.IncidentSection(
            number: incident.number, t0: t0.iso8601, anchor: incident.anchor.rawValue,
            anchorEvidence: incident.anchorEvent.evidence,
            firstSymptom: moment(incident.firstSymptom, t0: t0, what: incident.firstSymptom.kind.phrase),
            brokerDown: incident.brokerDown.map { moment($0, t0: t0, what: $0.kind.phrase) },
            brokerBack: incident.brokerBack.map { moment($0, t0: t0, what: $0.kind.phrase) },
            endOffsetSeconds: rounded(incident.end.seconds(since: t0)), end: incident.end.iso8601,
            timeline: timeline, services: services, lost: lostSection, delayed: delayed, eventsByKind: byKind)
    }
}
