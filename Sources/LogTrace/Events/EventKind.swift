/// What a matched log record means. Pattern files name one of these; the correlation stage knows only
/// these meanings, never the wording behind them.
public enum EventKind: String, Sendable, Codable, CaseIterable, Comparable {
    case connectFailed = "connect_failed"
    case disconnected = "disconnected"
    case allBrokersDown = "all_brokers_down"
    case requestTimeout = "request_timeout"
    case metadataError = "metadata_error"
    case coordinatorLost = "coordinator_lost"
    case commitFailed = "commit_failed"
    case batchExpired = "batch_expired"
    case deliveryFailed = "delivery_failed"
    case reconnected = "reconnected"
    case brokerShutdown = "broker_shutdown"
    case brokerStopped = "broker_stopped"
    case brokerStarting = "broker_starting"
    case brokerStarted = "broker_started"
    /// The application's own line saying a record was sent and acknowledged.
    case sendSucceeded = "send_succeeded"
    /// A consumer's position or committed offset for a partition.
    case consumerOffset = "consumer_offset"
    /// A line only one kind of client prints (a producer's logger, its startup line): it tells which
    /// services produce, so that a producer logging no per-record outcome is known to be one.
    case clientRole = "client_role"
    /// Not from a pattern file: logtrace derives it from the timing of a producer's `send_succeeded`
    /// lines (`DeliveryStall`), when they stop far longer than their cadence and resume in a burst, or
    /// the same file's requests then time out.
    case deliveriesStalled = "deliveries_stalled"
    /// Not from a pattern file: a pod that had been logging steadily wrote nothing far longer than its
    /// usual gap (`QuietSpell`), together with other pods and away from any failure line.
    case wentQuiet = "went_quiet"
    /// Not from a pattern file: the first line of such a pod after its silence.
    case resumedLogging = "resumed_logging"

    public enum Role: Sendable {
        case failure, recovery, brokerDown, brokerUp, brokerOther
        /// Facts that are neither failure nor recovery: successful sends, consumer offsets.
        case information
    }

    public var role: Role {
        switch self {
        case .connectFailed, .disconnected, .allBrokersDown, .requestTimeout, .metadataError,
             .coordinatorLost, .commitFailed, .batchExpired, .deliveryFailed, .deliveriesStalled, .wentQuiet:
            return .failure
        case .reconnected, .resumedLogging: return .recovery
        case .brokerShutdown, .brokerStopped: return .brokerDown
        case .brokerStarted: return .brokerUp
        case .brokerStarting: return .brokerOther
        case .sendSucceeded, .consumerOffset, .clientRole: return .information
        }
    }

    /// True for kinds logtrace derives from other events; a pattern file cannot name them.
    public var isDerived: Bool { [.deliveriesStalled, .wentQuiet, .resumedLogging].contains(self) }

    /// True for kinds whose records were not delivered.
    public var losesRecords: Bool { self == .batchExpired || self == .deliveryFailed }

    /// A short phrase for the timeline's "what happened" column.
    public var phrase: String {
        switch self {
        case .connectFailed: return "connection to broker failed"
        case .disconnected: return "disconnected from broker"
        case .allBrokersDown: return "all brokers down"
        case .requestTimeout: return "request timed out"
        case .metadataError: return "metadata error"
        case .coordinatorLost: return "group coordinator lost"
        case .commitFailed: return "offset commit failed"
        case .batchExpired: return "producer batch expired"
        case .deliveryFailed: return "record delivery failed"
        case .reconnected: return "reconnected"
        case .brokerShutdown: return "broker shutting down"
        case .brokerStopped: return "broker shut down"
        case .brokerStarting: return "broker starting"
        case .brokerStarted: return "broker started"
        case .sendSucceeded: return "record sent"
        case .consumerOffset: return "consumer offset"
        case .clientRole: return "client role"
        case .deliveriesStalled: return "sends stopped being acknowledged"
        case .wentQuiet: return "went quiet"
        case .resumedLogging: return "logging again"
        }
    }

    public static func < (a: EventKind, b: EventKind) -> Bool { a.rawValue < b.rawValue }
}
