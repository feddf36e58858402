/// Builds the `Report` from what the earlier stages found: the scan result and the incidents.
public enum ReportBuilder {
    public static func build(scan: ScanResult, incidents: [Incident], isolated: [Event], patterns: PatternSet,
                             scenario: ScenarioPlan? = nil) -> Report {
        build(scan: scan, incidents: incidents, isolated: isolated, patterns: used(patterns), scenario: scenario, missingShards: nil)
    }

    /// What the report says of a pattern set: its files (by name) and number of entries.
    public static func used(_ patterns: PatternSet) -> Report.PatternsUsed {
        Report.PatternsUsed(files: patterns.files.map { String($0.split(separator: "/").last ?? Substring($0)) }, entries: patterns.patterns.count)
    }

    public static func build(scan: ScanResult, incidents: [Incident], isolated: [Event], patterns: Report.PatternsUsed,
                             scenario: ScenarioPlan?, missingShards: [String]?) -> Report {
        var sections = incidents.map { section($0, scenario: scenario, events: scan.events, files: scan.files) }
        if !incidents.isEmpty {
            let index = UnexplainedLinesIndex(files: scan.files, overlaps: scan.overlaps)
            for (i, incident) in incidents.enumerated() { sections[i].unexplainedLines = .build(index, incident) }
        }
        let files = scan.files
        var totals = Report.Totals(files: files.count, storedBytes: 0, textBytes: 0, lines: 0, records: 0, skimmedFiles: 0, events: 0,
                                   duplicateEvents: scan.copies.count,
                                   recordsWithoutTimestamp: 0, linesWithoutEnvelope: 0, overlongLines: 0,
                                   truncatedRecords: 0, timestampsBackwards: 0, partialFiles: 0, matchLimitHits: 0)
        for file in files {
            totals.storedBytes += file.storedBytes
            totals.textBytes += file.textBytes
            totals.lines += file.lines
            totals.records += file.records
            if file.skimmed { totals.skimmedFiles += 1 }
            totals.events += file.events
            totals.recordsWithoutTimestamp += file.recordsWithoutTimestamp
            totals.linesWithoutEnvelope += file.linesWithoutEnvelope
            totals.overlongLines += file.overlongLines
            totals.truncatedRecords += file.truncatedRecords
            totals.timestampsBackwards += file.timestampsBackwards
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
            lostRecordsUpperBound: Report.Bound(sections.reduce(Optional(0)) { sum, section in sum.flatMap { s in section.lost.upperBound.value.map { s + $0 } } }),
            possiblyLostUnknownSize: sections.reduce(0) { $0 + $1.lost.possibleUnknownSize },
            lostUnknownFor: sections.flatMap(\.lost.unknownFor),
            partialFiles: files.filter(\.isPartial).map(\.path),
            isolatedWarnings: isolated.count,
            missingShards: missingShards)
        return Report(summary: summary, incidents: sections,
                      isolated: isolated.map { moment($0, t0: nil, what: $0.kind.phrase) },
                      untimed: scan.events.filter(\.untimed).map { moment($0, t0: nil, what: $0.kind.phrase) },
                      inputs: Report.Inputs(totals: totals, files: files.map(\.withoutUnexplained), overlaps: scan.overlaps),
                      clockOffsets: clockOffsets(scan.events), stoppedPods: stoppedPods(files),
                      patterns: patterns, recommendations: Recommendations.make(incidents, files: files,
                                                                            configs: scan.events.filter { $0.fields["delivery_timeout_ms"] != nil }))
    }

    /// Per pod with at least 5 events carrying both clocks: how far the application's stands from the
    /// runtime's. Sorted by service and pod.
    static func clockOffsets(_ events: [Event]) -> [Report.ClockOffset] {
        var byPod: [String: (service: String, offsets: [Double])] = [:]
        for event in events where !event.untimed && !event.timeInherited {
            guard let app = event.appTime else { continue }
            byPod[event.pod, default: (event.service, [])].offsets.append(app.seconds(since: event.time))
        }
        return byPod.filter { $0.value.offsets.count >= 5 }.sorted { ($0.value.service, $0.key) < ($1.value.service, $1.key) }.map { pod, entry in
            let sorted = entry.offsets.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] }
            let median = percentile(0.5)
            let quarterHours = (median / 900).rounded()
            let verdict = abs(median) <= 1 ? "same clock"
                : quarterHours != 0 && abs(median - quarterHours * 900) <= 5 ? "time zone" : "skewed"
            return Report.ClockOffset(service: entry.service, pod: pod, samples: sorted.count, medianSeconds: rounded(median),
                                      spreadSeconds: rounded(percentile(0.9) - percentile(0.1)), verdict: verdict)
        }
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    static func moment(_ event: Event, t0: Timestamp?, what: String) -> Report.Moment {
        Report.Moment(offsetSeconds: t0.map { rounded(event.time.seconds(since: $0)) }, time: event.time.iso8601,
                      service: event.service, pod: event.pod, what: what, evidence: event.evidence)
    }

    static func section(_ incident: Incident, scenario: ScenarioPlan?, events: [Event], files: [FileSummary]) -> Report.IncidentSection {
        let t0 = incident.t0
        func offset(_ time: Timestamp) -> Double { rounded(time.seconds(since: t0)) }
        let entries = TimelineEntry.condense(incident.events, losses: incident.lost.losses)
        let timeline = entries.map { entry in
            Report.TimelineRow(offsetSeconds: offset(entry.time), time: entry.time.iso8601,
                               service: entry.first.service, pod: entry.first.pod, what: entry.description, count: entry.count,
                               untilOffsetSeconds: entry.count > 1 ? offset(entry.last.time) : nil,
                               evidence: entry.first.evidence)
        }
        let lostByService = Dictionary(grouping: incident.lost.confirmed, by: \.service).mapValues { $0.reduce(0) { $0 + ($1.records ?? 0) } }
        func clientRow(_ client: ClientImpact) -> Report.ClientRow {
            let recovered = client.recovery ?? client.lastFailure
            return Report.ClientRow(client: client.client.isEmpty ? "(no client id)" : client.client, role: client.role, groups: client.groups,
                                    firstFailure: moment(client.firstFailure, t0: t0, what: client.firstFailure.kind.phrase),
                                    recovered: moment(recovered, t0: t0, what: recovered.kind.phrase),
                                    recoveryBasis: client.recoveryBasis.rawValue,
                                    impactSeconds: rounded(client.recoveredAt.seconds(since: client.firstFailure.time)),
                                    failures: client.failureCount)
        }
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
                lostRecords: lostByService[impact.service] ?? 0,
                clientRows: impact.clientImpacts.map(clientRow))
        }
        let lost = incident.lost
        let lostSection = Report.LostSection(
            records: lost.totalRecords, batches: lost.totalBatches, failedSendsWithoutCount: lost.failedSends,
            reportingLines: lost.totalLines, possibleRecords: lost.possibleRecords, possibleUnknownSize: lost.possibleUnknownSize,
            upperBound: Report.Bound(lost.upperBound),
            unknownFor: lost.unbounded.map { Report.UnknownLoss(service: $0.service, reason: $0.reason) }, retriedNotLost: lost.retried,
            rows: lost.rows.map {
                Report.LostRow(service: $0.service, topicPartition: $0.topicPartition, batches: $0.batches, records: $0.confirmedRecords,
                               possibleRecords: $0.possibleRecords, possibleUnknownSize: $0.possibleUnknownSize, retried: $0.retried,
                               reportingLines: $0.lines, evidence: $0.evidence.map(\.evidence))
            },
            items: lost.losses.map {
                Report.LossItem(offsetSeconds: offset($0.first.time), service: $0.service, topicPartition: $0.topicPartition,
                                records: $0.records, verdict: $0.verdict.rawValue, reason: $0.reason,
                                reportingLines: $0.reports.count, evidence: $0.reports.map(\.evidence))
            },
            rules: LostMessageEstimate.rules)
        let delayed = incident.services.flatMap { impact in
            impact.clientImpacts.filter(\.isConsumer).map { client in
                let until = client.recovery ?? client.lastFailure
                return Report.DelayedRow(service: impact.service, client: client.client, groups: client.groups,
                                         from: moment(client.firstFailure, t0: t0, what: client.firstFailure.kind.phrase),
                                         until: moment(until, t0: t0, what: until.kind.phrase),
                                         seconds: rounded(client.recoveredAt.seconds(since: client.firstFailure.time)),
                                         basis: client.recoveryBasis.rawValue,
                                         topics: client.backlog?.topics ?? [],
                                         messagesBehindAtLeast: client.backlog?.acknowledged,
                                         messagesBehindBasis: backlogBasis(client.backlog))
            }
        }
        var byKind: [String: Int] = [:]
        for event in incident.events { byKind[event.kind.rawValue, default: 0] += 1 }
        var section = Report.IncidentSection(
            number: incident.number, t0: t0.iso8601, anchor: incident.anchor.rawValue,
            anchorEvidence: incident.anchorEvent.evidence,
            firstSymptom: moment(incident.firstSymptom, t0: t0, what: incident.firstSymptom.kind.phrase),
            brokerDown: incident.brokerDown.map { moment($0, t0: t0, what: $0.kind.phrase) },
            brokerBack: incident.brokerBack.map { moment($0, t0: t0, what: $0.kind.phrase) },
            brokerBackInferred: incident.brokerBackInferred,
            brokerBackWindow: incident.brokerBackInferred
                ? Report.BackWindow(lastFailure: incident.brokerBackWindow.lastFailure.map { moment($0, t0: t0, what: $0.kind.phrase) },
                                    firstSuccess: incident.brokerBackWindow.firstSuccess.map { moment($0, t0: t0, what: $0.kind.phrase) })
                : nil,
            endOffsetSeconds: offset(incident.end), end: incident.end.iso8601,
            phases: (phases(incident) + podChanges(incident, files: files)).sorted { ($0.offsetSeconds ?? .infinity) < ($1.offsetSeconds ?? .infinity) },
            durations: Report.Durations(
                timeToFirstSymptomSeconds: offset(incident.firstSymptom.time),
                timeToBrokerBackSeconds: incident.brokerBack.map { offset($0.time) },
                timeToFullRecoverySeconds: offset(incident.fullRecovery),
                totalImpactSeconds: rounded(incident.fullRecovery.seconds(since: incident.firstSymptom.time))),
            timeline: timeline, services: services, lost: lostSection, delayed: delayed,
            offsets: incident.offsets.map { change in
                Report.OffsetRow(service: change.service, group: change.group, topicPartition: change.topicPartition,
                                 before: change.before?.fields["offset"], beforeEvidence: change.before?.evidence,
                                 after: change.after?.fields["offset"], afterEvidence: change.after?.evidence)
            },
            blindSpots: blindSpots(incident, files: files),
            scenario: scenario.map { scenarioSection(ScenarioComparison(plan: $0, incident: incident, events: events), t0: incident.t0) },
            eventsByKind: byKind)
        if incident.anchor == .podsWentQuiet { section.quietBasis = quietBasis(incident) }
        return section
    }

    /// "3 pods went quiet at once; no failure lines", with how many came back with a backlog.
    static func quietBasis(_ incident: Incident) -> String {
        let quiet = incident.events.filter { $0.kind == .wentQuiet }
        let resumed = incident.events.filter { $0.kind == .resumedLogging }
        let caughtUp = Set(resumed.filter { ($0.fields["catch_up"].flatMap(Double.init) ?? 0) >= QuietSpell.backlogFactor }.map(\.pod))
        let pods = Set(quiet.map(\.pod))
        return "\(pods.count) pods went quiet at once; no failure lines. \(caughtUp.count) of them caught up on a backlog when they resumed, "
            + "as behind a broker that stopped answering for less than the clients' timeouts (pods pausing for their own reasons resume at their usual rate)."
    }

    /// The pods whose last timed line (over all their files) comes at least `StoppedPod.minimumSeconds`
    /// before the archive's last, in time order.
    static func stoppedPods(_ files: [FileSummary]) -> [Report.StoppedPod] {
        let timed = files.filter { $0.firstTime != nil && $0.lastTime != nil }
        guard let end = timed.map({ $0.lastTime! }).max() else { return [] }
        let byPod = Dictionary(grouping: timed) { "\($0.service)\u{0}\($0.pod)" }
        let byService = Dictionary(grouping: timed, by: \.service)
        var stopped: [(time: Timestamp, row: Report.StoppedPod)] = []
        for key in byPod.keys.sorted() {
            let pod = byPod[key]!
            let last = pod.max { ($0.lastTime!, $0.path) < ($1.lastTime!, $1.path) }!
            let before = end.seconds(since: last.lastTime!)
            guard before >= Report.StoppedPod.minimumSeconds else { continue }
            // Looked for among the service's own files: an archive of 20,000 files holds many services.
            let successor = byService[last.service]!.filter { $0.pod != last.pod && $0.firstTime! >= last.lastTime! }
                .min { ($0.firstTime!, $0.path) < ($1.firstTime!, $1.path) }
            stopped.append((last.lastTime!, Report.StoppedPod(service: last.service, pod: last.pod, lastTime: last.lastTime!.iso8601,
                                                              secondsBeforeEnd: rounded(before), evidence: "\(last.path):\(last.lines)",
                                                              replacedBy: successor?.pod)))
        }
        return stopped.sorted { ($0.time, $0.row.pod) < ($1.time, $1.row.pod) }.map(\.row)
    }

    /// What the logs cannot tell about `incident`: producers whose loss is unknown, logs that start or
    /// end inside it (a late or crashed pod, rotation), and files with no timestamps at all.
    /// A gap this long between one pod's files, where one would have gone on, is a hole in its log; a log
    /// that starts or ends less than this inside an incident is no blind spot either.
    static let logHoleSeconds = 10.0

    static func blindSpots(_ incident: Incident, files: [FileSummary]) -> [Report.BlindSpot] {
        let start = min(incident.t0, incident.firstSymptom.time), end = incident.end
        func offset(_ time: Timestamp) -> String { "T+" + rounded(time.seconds(since: incident.t0)).oneDecimal + " s" }
        // Paths and positions, not copies of the summaries: with many files the copies were the peak.
        var pathsByService: [String: [String]] = [:]
        for unknown in incident.lost.unbounded { pathsByService[unknown.service] = [] }
        for file in files where pathsByService[file.service] != nil { pathsByService[file.service]!.append(file.path) }
        var spots = incident.lost.unbounded.map { unknown in
            Report.BlindSpot(what: "\(unknown.service): its loss is unknown: \(unknown.reason)", files: pathsByService[unknown.service] ?? [])
        }
        // Per pod, over all its files (a rotated file and the live one are one log): where the log starts,
        // where it ends, and the holes between its files, inside the incident.
        let timed = files.indices.filter { files[$0].firstTime != nil && files[$0].lastTime != nil }
        let byPodIndex = Dictionary(grouping: timed) { "\(files[$0].service)\u{0}\(files[$0].pod)" }
        for key in byPodIndex.keys.sorted() {
            let pod = byPodIndex[key]!.sorted { (files[$0].firstTime!, files[$0].path) < (files[$1].firstTime!, files[$1].path) }.map { files[$0] }
            let service = pod[0].service
            let first = pod[0].firstTime!, last = pod.map { $0.lastTime! }.max()!
            // Less than a hole's length from the incident's edge is no blind spot: a producer that sent
            // its last record and exited a tenth of a second before a consumer's late rejoin ended the
            // incident (go-freeze) left nothing unseen.
            if first > start, first < end, first.seconds(since: start) >= Self.logHoleSeconds {
                spots.append(Report.BlindSpot(what: "\(service): its log starts at \(offset(first)), inside the incident (a pod started late, or an earlier log was rotated away)", files: [pod[0].path]))
            }
            if last > start, last < end, end.seconds(since: last) >= Self.logHoleSeconds {
                let ending = pod.filter { $0.lastTime! == last }.map(\.path)
                spots.append(Report.BlindSpot(what: "\(service): its log ends at \(offset(last)), inside the incident (a pod that stopped, or a log cut off)", files: ending))
            }
            var covered = pod[0].lastTime!
            for (before, next) in zip(pod, pod.dropFirst()) {
                let from = max(covered, before.lastTime!)
                covered = max(covered, next.lastTime!)
                guard next.firstTime!.seconds(since: from) >= Self.logHoleSeconds, next.firstTime! >= start, from <= end else { continue }
                spots.append(Report.BlindSpot(what: "\(service): its log has a hole from \(offset(from)) to \(offset(next.firstTime!)) between two of its files (a rotated file missing from the inputs)", files: [before.path, next.path]))
            }
        }
        let untimed = files.filter { $0.firstTime == nil && $0.lines > 0 }
        if !untimed.isEmpty {
            spots.append(Report.BlindSpot(what: "no timestamps at all: what these files say cannot be placed on this timeline", files: untimed.map(\.path)))
        }
        return spots
    }

    static func phases(_ incident: Incident) -> [Report.PhaseRow] {
        let t0 = incident.t0
        func row(_ phase: String, _ event: Event?, basis: String, service: Bool = false) -> Report.PhaseRow {
            Report.PhaseRow(phase: phase, offsetSeconds: event.map { rounded($0.time.seconds(since: t0)) }, time: event?.time.iso8601,
                            service: service ? event?.service : nil, basis: basis, evidence: event?.evidence)
        }
        var rows: [Report.PhaseRow] = []
        if let down = incident.brokerDown {
            rows.append(row("broker down", down, basis: "broker's own log"))
        } else if incident.anchor == .requestTimeout {
            rows.append(Report.PhaseRow(phase: "broker down", offsetSeconds: 0, time: t0.iso8601, service: nil,
                                        basis: "inferred: at the latest, the first timed-out request's wait before it (no broker log)",
                                        evidence: incident.anchorEvent.evidence))
        } else if incident.anchor == .quietBeforeFailures {
            rows.append(row("broker down", incident.firstSymptom, basis: "inferred: the first of the pods already quiet at the first failure line was due to log again (no broker log among the inputs)"))
        } else if incident.anchor == .podsWentQuiet {
            rows.append(row("broker down", incident.firstSymptom, basis: "inferred: the first pod that went quiet was due to log again (no failure line, no broker log among the inputs)"))
        } else {
            rows.append(row("broker down", incident.firstSymptom, basis: "inferred: first client failure (no broker log among the inputs)"))
        }
        rows.append(row("first symptom", incident.firstSymptom, basis: incident.firstSymptom.kind.phrase, service: true))
        for impact in incident.services {
            rows.append(row("impact starts: \(impact.service)", impact.firstFailure, basis: impact.firstFailure.kind.phrase, service: true))
        }
        if let starting = incident.brokerStarting {
            rows.append(row("broker starting", starting, basis: "broker's own log: the new broker process starts", service: true))
        }
        if let back = incident.brokerBack {
            let basis = !incident.brokerBackInferred ? "broker's own log"
                : back.kind == .connectFailed ? "inferred: the clients' last refused connect"
                : back === incident.brokerBackWindow.firstSuccess ? "inferred: first sign of success after the failures"
                : "inferred: the clients' failures end (none logs a recovery)"
            rows.append(row("broker back", back, basis: basis))
        } else {
            rows.append(Report.PhaseRow(phase: "broker back", offsetSeconds: nil, time: nil, service: nil,
                                        basis: "not in the logs: no broker startup and no client recovery line", evidence: nil))
        }
        for impact in incident.services {
            rows.append(row("recovered: \(impact.service)", impact.recovery ?? impact.lastFailure, basis: impact.recoveryBasis.rawValue, service: true))
        }
        let last = incident.services.max { $0.recoveredAt < $1.recoveredAt }
        rows.append(Report.PhaseRow(phase: "full recovery", offsetSeconds: rounded(incident.fullRecovery.seconds(since: t0)),
                                    time: incident.fullRecovery.iso8601, service: last?.service,
                                    basis: "last service to recover", evidence: last.map { ($0.recovery ?? $0.lastFailure).evidence }))
        return rows.sorted { ($0.offsetSeconds ?? .infinity) < ($1.offsetSeconds ?? .infinity) }
    }

    /// How far around an incident a pod's replacement or a container's restart still belongs to it.
    static let podChangeMarginSeconds = 120.0

    /// A service's pod replaced (one pod's log ends, another's begins) or a container restarted
    /// (kubelet's `N.log` with N above 0), near the incident: the old pod's last line, the new pod's
    /// first line, the restart count. The broker's replacement is how its outage shows in its own logs.
    static func podChanges(_ incident: Incident, files: [FileSummary]) -> [Report.PhaseRow] {
        let t0 = incident.t0
        let from = t0.adding(seconds: -podChangeMarginSeconds), to = incident.end.adding(seconds: podChangeMarginSeconds)
        func row(_ phase: String, _ time: Timestamp, _ file: FileSummary, line: Int, basis: String) -> Report.PhaseRow {
            Report.PhaseRow(phase: phase, offsetSeconds: rounded(time.seconds(since: t0)), time: time.iso8601, service: file.service,
                            basis: basis, evidence: "\(file.path):\(line)")
        }
        var rows: [Report.PhaseRow] = []
        // Positions in `files`, not copies of the summaries: with many files the copies were the peak.
        let timed = files.indices.filter { files[$0].firstTime != nil && files[$0].lastTime != nil && files[$0].lines > 0 }
        let byService = Dictionary(grouping: timed) { files[$0].service }
        for service in byService.keys.sorted() where Set(byService[service]!.map { files[$0].pod }).count > 1 {
            // One span per pod (its files together), in the order the pods started.
            let pods = Dictionary(grouping: byService[service]!) { files[$0].pod }.values.map { podFiles in
                (first: files[podFiles.min { (files[$0].firstTime!, files[$0].path) < (files[$1].firstTime!, files[$1].path) }!],
                 last: files[podFiles.max { (files[$0].lastTime!, files[$0].path) < (files[$1].lastTime!, files[$1].path) }!])
            }.sorted { ($0.first.firstTime!, $0.first.pod) < ($1.first.firstTime!, $1.first.pod) }
            for (old, new) in zip(pods, pods.dropFirst()) where old.last.lastTime! <= new.first.firstTime! {
                guard new.first.firstTime! >= from && old.last.lastTime! <= to else { continue }
                rows.append(row("old pod's last line: \(old.last.pod)", old.last.lastTime!, old.last, line: old.last.lines,
                                basis: "\(service): its log ends here, and pod \(new.first.pod) takes over"))
                rows.append(row("new pod's first line: \(new.first.pod)", new.first.firstTime!, new.first, line: 1,
                                basis: "\(service): a replacement pod's log begins"))
            }
        }
        for file in timed.lazy.map({ files[$0] }) where (file.restartCount ?? 0) > 0 && file.firstTime! >= from && file.firstTime! <= to {
            rows.append(row("container restarted: \(file.pod)", file.firstTime!, file, line: 1,
                            basis: "\(file.service): restart \(file.restartCount!) of its container (kubelet's \(file.restartCount!).log begins)"))
        }
        return rows
    }

    static func scenarioSection(_ comparison: ScenarioComparison, t0: Timestamp) -> Report.ScenarioSection {
        Report.ScenarioSection(
            name: comparison.plan.name,
            milestones: comparison.milestones.map { result in
                let observed = result.observedOffset.map(rounded)
                let what: String
                if let event = result.observed {
                    what = "\(event.service): \(event.kind.phrase)"
                } else if let basis = result.basis, observed != nil {
                    what = basis
                } else {
                    what = "not observed"
                }
                return Report.MilestoneRow(milestone: result.milestone.name, expectedOffsetSeconds: result.milestone.expectedOffset,
                                           observedOffsetSeconds: observed,
                                           differenceSeconds: observed.map { rounded($0 - result.milestone.expectedOffset) },
                                           observed: what, evidence: result.observed?.evidence)
            },
            checks: comparison.checks.map { Report.CheckRow(check: $0.check.name, verdict: $0.verdict.rawValue, detail: $0.detail) },
            alerts: comparison.alerts.map { alertRow($0, t0: t0) })
    }

    /// Why a consumer's backlog is what the report says.
    static func backlogBasis(_ backlog: ConsumerBacklog?) -> String {
        guard let backlog, !backlog.topics.isEmpty else { return "unknown: its lines name no topic" }
        guard backlog.acknowledged != nil else {
            return "unknown: no producer of " + backlog.topics.joined(separator: ", ") + " logs its acknowledged sends"
        }
        let counted = "sends acknowledged to " + backlog.topics.joined(separator: ", ") + " while it was cut off ("
            + backlog.countedProducers.joined(separator: ", ") + ")"
        return backlog.uncountedProducers.isEmpty ? counted
            : counted + "; more from " + backlog.uncountedProducers.joined(separator: ", ") + ", which log no acknowledged send"
    }

    static func alertRow(_ outcome: AlertOutcome, t0: Timestamp) -> Report.AlertRow {
        let rule = outcome.rule
        let condition: String
        switch rule.condition {
        case .brokerDown: condition = "broker down (T+0 until the broker is back)"
        case let .events(kinds, role, within):
            condition = kinds.map(\.rawValue).joined(separator: " or ") + (role.map { " from a \($0.lowercased())" } ?? "")
                + " within the last \(MarkdownReport.seconds(within))"
        }
        func at(_ time: Timestamp) -> String { "T+" + MarkdownReport.seconds(rounded(time.seconds(since: t0))) }
        let detail: String
        if let fires = outcome.firesAt, let start = outcome.conditionStartTime {
            detail = "held from \(at(start)) for \(MarkdownReport.seconds(rounded(outcome.heldSeconds ?? 0))): pending \(MarkdownReport.seconds(rule.forSeconds)), firing at \(at(fires)) (plus the scrape and evaluation intervals)"
        } else if let held = outcome.heldSeconds, let start = outcome.conditionStartTime {
            detail = "held from \(at(start)) for only \(MarkdownReport.seconds(rounded(held))), shorter than its for: \(MarkdownReport.seconds(rule.forSeconds))"
        } else {
            detail = "its condition never held in this incident's logs"
        }
        return Report.AlertRow(alert: rule.name, expression: rule.expression, condition: condition, forSeconds: rule.forSeconds,
                               verdict: outcome.firesAt == nil ? "would not have fired" : "would have fired",
                               firesOffsetSeconds: outcome.firesAt.map { rounded($0.seconds(since: t0)) }, fires: outcome.firesAt?.iso8601,
                               resolvedOffsetSeconds: outcome.firesAt == nil ? nil : outcome.conditionEnd.map { rounded($0.seconds(since: t0)) },
                               detail: detail,
                               evidence: [outcome.conditionStart, outcome.conditionEndEvent].compactMap { $0?.evidence }
                                   .reduce(into: []) { refs, ref in if !refs.contains(ref) { refs.append(ref) } })
    }
}
