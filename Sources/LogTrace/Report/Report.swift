/// The report's content, computed once and rendered as Markdown or JSON, so both carry the same numbers.
/// The JSON form is this structure as is; `schema` names its version.
public struct Report: Sendable, Codable {
    public static let schema = "logtrace-report/1"

    public var schema = Report.schema
    public var summary: Summary
    public var incidents: [IncidentSection]
    public var isolated: [Moment]
    public var inputs: Inputs
    public var patterns: PatternsUsed

    public struct Summary: Sendable, Codable {
        public var windowStart: String?
        public var windowEnd: String?
        public var durationSeconds: Double?
        public var incidents: Int
        public var servicesHit: [String]
        public var lostRecords: Int
        public var lostBatches: Int
        public var failedSendsWithoutCount: Int
        public var partialFiles: [String]
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

    public struct IncidentSection: Sendable, Codable {
        public var number: Int
        public var t0: String
        public var anchor: String
        public var anchorEvidence: String
        public var firstSymptom: Moment
        public var brokerDown: Moment?
        public var brokerBack: Moment?
        public var endOffsetSeconds: Double
        public var end: String
        public var timeline: [TimelineRow]
        public var services: [ServiceRow]
        public var lost: LostSection
        public var delayed: [DelayedRow]
        public var eventsByKind: [String: Int]
    }

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
    }

    public struct LostSection: Sendable, Codable {
        public var records: Int
        public var batches: Int
        public var failedSendsWithoutCount: Int
        public var reportingLines: Int
        public var rows: [LostRow]
        public var rules: [String]
    }

    public struct LostRow: Sendable, Codable {
        public var service: String
        public var topicPartition: String
        public var batches: Int
        public var records: Int
        public var reportingLines: Int
        public var evidence: [String]
    }

    /// A consumer that was cut off from its group: its messages were delayed, not lost.
    public struct DelayedRow: Sendable, Codable {
        public var service: String
        public var groups: [String]
        public var from: Moment
        public var until: Moment
        public var seconds: Double
        public var basis: String
    }

    public struct Inputs: Sendable, Codable {
        public var totals: Totals
        public var files: [FileSummary]
    }

    public struct Totals: Sendable, Codable {
        public var files: Int
        public var storedBytes: Int64
        public var textBytes: Int64
        public var lines: Int
        public var records: Int
        public var events: Int
        public var recordsWithoutTimestamp: Int
        public var linesWithoutEnvelope: Int
        public var overlongLines: Int
        public var truncatedRecords: Int
        public var partialFiles: Int
        public var matchLimitHits: Int
    }

    public struct PatternsUsed: Sendable, Codable {
        public var files: [String]
        public var entries: Int
    }
}
