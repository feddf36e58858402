/// The report's content, computed once and rendered as Markdown or JSON, so both carry the same numbers.
/// The JSON form is this structure as is; `schema` names its version.
public struct Report: Sendable, Codable {
    public static let schema = "logtrace-report/1"

    public var schema = Report.schema
    public var summary: Summary
    public var incidents: [IncidentSection]
    public var isolated: [Moment]
    /// Events from files with no timestamps at all: kept, counted, but not on any timeline.
    public var untimed: [Moment]
    public var inputs: Inputs
    /// Per pod, how far the application's own timestamps stand from the runtime's (kubectl, CRI) on
    /// the same records; the timeline uses the runtime's clock where a line has one.
    public var clockOffsets: [ClockOffset]
    /// Pods whose log ends well before the archive's: how a crashed or deleted pod shows.
    public var stoppedPods: [StoppedPod] = []
    public var patterns: PatternsUsed
    /// What to fix, each with the lines it comes from; empty when the logs show nothing to fix.
    public var recommendations: [Recommendation]

    /// One thing to change, why the logs say so, and the `file:line`s behind it.
    public struct Recommendation: Sendable, Codable, Equatable {
        public var what: String
        public var why: String
        public var evidence: [String]
    }

    /// The report's first table: the window over all incidents, who was hit, the loss, what was read.
    public struct Summary: Sendable, Codable {
        public var windowStart: String?
        public var windowEnd: String?
        public var durationSeconds: Double?
        public var incidents: Int
        public var servicesHit: [String]
        public var lostRecords: Int
        public var lostBatches: Int
        public var failedSendsWithoutCount: Int
        /// Upper bound: confirmed plus every record whose fate is open; null when the logs cannot bound it.
        public var lostRecordsUpperBound: Bound
        public var possiblyLostUnknownSize: Int
        /// Producers whose loss has no upper bound, and why.
        public var lostUnknownFor: [UnknownLoss]
        public var partialFiles: [String]
        public var isolatedWarnings: Int
        /// Shards of a batch job whose partial results were missing at the merge (`merge --allow-missing`).
        public var missingShards: [String]?
        /// The `--since` / `--until` window the events were held to; absent when none was given.
        public var timeWindow: TimeWindowApplied?
    }

    /// An event pinned in time, relative to its incident's T+0 where it has one.
    public struct Moment: Sendable, Codable {
        public var offsetSeconds: Double?
        public var time: String
        public var service: String
        public var pod: String
        public var what: String
        public var evidence: String
    }

    /// One incident: its T+0 and phases, timeline, per-service impact, loss and delayed consumers.
    public struct IncidentSection: Sendable, Codable {
        public var number: Int
        public var t0: String
        public var anchor: String
        public var anchorEvidence: String
        public var firstSymptom: Moment
        public var brokerDown: Moment?
        public var brokerBack: Moment?
        public var brokerBackInferred: Bool
        /// With no broker log: the clients' last failure and first sign of success, between which the
        /// broker came back (either may be missing).
        public var brokerBackWindow: BackWindow?
        public var endOffsetSeconds: Double
        public var end: String
        public var phases: [PhaseRow]
        public var durations: Durations
        public var timeline: [TimelineRow]
        public var services: [ServiceRow]
        public var lost: LostSection
        public var delayed: [DelayedRow]
        public var offsets: [OffsetRow]
        /// What these logs cannot tell about the incident, each with the files concerned.
        public var blindSpots: [BlindSpot]
        public var scenario: ScenarioSection?
        public var eventsByKind: [String: Int]
        /// For an incident no failure line made (T+0 anchored to "pods went quiet"): what it rests on.
        public var quietBasis: String? = nil
        /// "Lines no pattern explains": WARN/ERROR records in the incident's window that matched no pattern.
        public var unexplainedLines = UnexplainedLines()
    }

    /// When the broker came back, as far as the clients tell: after their last failure, by their first
    /// sign of success.
    public struct BackWindow: Sendable, Codable {
        public var lastFailure: Moment?
        public var firstSuccess: Moment?
    }

    /// One pod's application clock against the runtime's: the median and spread (10th to 90th
    /// percentile) of their difference in seconds over its events, and what that says.
    public struct ClockOffset: Sendable, Codable {
        public var service: String
        public var pod: String
        public var samples: Int
        public var medianSeconds: Double
        public var spreadSeconds: Double
        /// `same clock` (within 1 s), `skewed` (over 1 s off), or `time zone` (whole quarter-hours off:
        /// the application prints local time with no zone, read with `--tz`).
        public var verdict: String
    }

    /// A pod that stopped logging for good at least `minimumSeconds` before the archive's last line: its
    /// last timed line, and the pod of its service whose log began after it, if one did (a replacement).
    public struct StoppedPod: Sendable, Codable {
        public static let minimumSeconds = 60.0
        public var service: String
        public var pod: String
        public var lastTime: String
        public var secondsBeforeEnd: Double
        public var evidence: String
        public var replacedBy: String?
    }

    /// One thing the logs cannot tell about an incident, and the files it concerns.
    public struct BlindSpot: Sendable, Codable {
        public var what: String
        public var files: [String]
    }

    /// A phase of the incident and how it was established.
    public struct PhaseRow: Sendable, Codable {
        public var phase: String
        public var offsetSeconds: Double?
        public var time: String?
        public var service: String?
        public var basis: String
        public var evidence: String?
    }

    /// The incident's durations in seconds, from T+0 unless said otherwise.
    public struct Durations: Sendable, Codable {
        public var timeToFirstSymptomSeconds: Double
        public var timeToBrokerBackSeconds: Double?
        public var timeToFullRecoverySeconds: Double
        /// From the first symptom to full recovery.
        public var totalImpactSeconds: Double
    }

    /// A consumer's offsets for one partition before and after the incident.
    public struct OffsetRow: Sendable, Codable {
        public var service: String
        public var group: String?
        public var topicPartition: String
        public var before: String?
        public var beforeEvidence: String?
        public var after: String?
        public var afterEvidence: String?
    }

    /// The incident held against a `--scenario` plan: milestones, steady-state checks and alert rules.
    public struct ScenarioSection: Sendable, Codable {
        public var name: String
        public var milestones: [MilestoneRow]
        public var checks: [CheckRow]
        public var alerts: [AlertRow]
    }

    /// One alert rule of the plan: whether, and when, it would have fired by the observed timeline.
    public struct AlertRow: Sendable, Codable {
        public var alert: String
        public var expression: String?
        /// The condition as the logs observe it, and the rule's `for:` in seconds.
        public var condition: String
        public var forSeconds: Double
        /// `would have fired` or `would not have fired`.
        public var verdict: String
        public var firesOffsetSeconds: Double?
        public var fires: String?
        /// When the condition stopped holding (the alert resolves), if it held.
        public var resolvedOffsetSeconds: Double?
        public var detail: String
        public var evidence: [String]
    }

    /// One planned milestone: when it was expected, when (and whether) it was seen.
    public struct MilestoneRow: Sendable, Codable {
        public var milestone: String
        public var expectedOffsetSeconds: Double
        public var observedOffsetSeconds: Double?
        public var differenceSeconds: Double?
        public var observed: String
        public var evidence: String?
    }

    /// One steady-state check and its verdict.
    public struct CheckRow: Sendable, Codable {
        public var check: String
        public var verdict: String
        public var detail: String
    }

    /// One timeline row: an event, or a run of like events folded into one.
    public struct TimelineRow: Sendable, Codable {
        public var offsetSeconds: Double
        public var time: String
        public var service: String
        public var pod: String
        public var what: String
        /// How many like events this row stands for, and the offset of the last one.
        public var count: Int
        public var untilOffsetSeconds: Double?
        public var evidence: String
    }

    /// One service's impact: when it was first hit, when it recovered and how that was established.
    public struct ServiceRow: Sendable, Codable {
        public var service: String
        public var roles: [String]
        public var pods: [String]
        public var clients: [String]
        public var firstFailure: Moment
        public var lastFailure: Moment
        public var recovered: Moment
        public var recoveryBasis: String
        public var impactSeconds: Double
        public var failures: Int
        public var failuresByKind: [String: Int]
        public var lostRecords: Int
        public var clientRows: [ClientRow]
    }

    /// One Kafka client of a service.
    public struct ClientRow: Sendable, Codable {
        public var client: String
        public var role: String
        public var groups: [String]
        public var firstFailure: Moment
        public var recovered: Moment
        public var recoveryBasis: String
        public var impactSeconds: Double
        public var failures: Int
    }

    /// What the incident's producers lost: totals, per topic-partition rows and each batch or send.
    public struct LostSection: Sendable, Codable {
        /// Confirmed lost records.
        public var records: Int
        public var batches: Int
        public var failedSendsWithoutCount: Int
        public var reportingLines: Int
        public var possibleRecords: Int
        public var possibleUnknownSize: Int
        /// Confirmed plus every record whose fate the logs leave open; null when they cannot bound it.
        public var upperBound: Bound
        /// Producers whose loss has no upper bound, and why.
        public var unknownFor: [UnknownLoss]
        public var retriedNotLost: Int
        public var rows: [LostRow]
        public var items: [LossItem]
        public var rules: [String]
    }

    /// A count the logs may leave open: a number, or JSON null when they cannot tell it.
    public struct Bound: Sendable, Codable, Equatable, ExpressibleByIntegerLiteral {
        public var value: Int?

        public init(_ value: Int?) {
            self.value = value
        }

        public init(integerLiteral value: Int) {
            self.value = value
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            value = container.decodeNil() ? nil : try container.decode(Int.self)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    /// A producer whose loss the logs cannot bound, and why.
    public struct UnknownLoss: Sendable, Codable, Equatable {
        public var service: String
        public var reason: String
    }

    /// The loss of one service on one topic-partition.
    public struct LostRow: Sendable, Codable {
        public var service: String
        public var topicPartition: String
        public var batches: Int
        public var records: Int
        public var possibleRecords: Int
        public var possibleUnknownSize: Int
        public var retried: Int
        public var reportingLines: Int
        public var evidence: [String]
    }

    /// One batch, failed send or unsettled retry.
    public struct LossItem: Sendable, Codable {
        public var offsetSeconds: Double
        public var service: String
        public var topicPartition: String
        public var records: Int?
        public var verdict: String
        public var reason: String
        public var reportingLines: Int
        public var evidence: [String]
    }

    /// A consumer that was cut off from its group: its messages were delayed, not lost.
    public struct DelayedRow: Sendable, Codable {
        public var service: String
        public var client: String
        public var groups: [String]
        public var from: Moment
        public var until: Moment
        public var seconds: Double
        public var basis: String
        /// The topic-partitions its lines name, and the messages produced to them while it was cut off
        /// (acknowledged sends, a lower bound; null when unknown), with why.
        public var topics: [String]
        public var messagesBehindAtLeast: Int?
        public var messagesBehindBasis: String
    }

    /// What was read: totals, each file's summary, and the pairs of files holding copies of the same
    /// records, whose shared events were counted once.
    public struct Inputs: Sendable, Codable {
        public var totals: Totals
        public var files: [FileSummary]
        public var overlaps: [FileOverlap]
    }

    /// The input summary's sums over all files.
    public struct Totals: Sendable, Codable {
        public var files: Int
        public var storedBytes: Int64
        public var textBytes: Int64
        public var lines: Int
        public var records: Int
        /// Files whose records holding no pattern literal were skipped unread.
        public var skimmedFiles: Int
        /// Events read, copies included.
        public var events: Int
        /// Events set aside as copies of another file's (`inputs.overlaps`): `events` minus these are
        /// the events the report counts.
        public var duplicateEvents: Int
        public var recordsWithoutTimestamp: Int
        public var linesWithoutEnvelope: Int
        public var overlongLines: Int
        public var truncatedRecords: Int
        public var timestampsBackwards: Int
        public var partialFiles: Int
        public var matchLimitHits: Int
    }

    /// The pattern files and the number of entries in force.
    public struct PatternsUsed: Sendable, Codable {
        public var files: [String]
        public var entries: Int

        public init(files: [String], entries: Int) {
            self.files = files
            self.entries = entries
        }
    }
}
