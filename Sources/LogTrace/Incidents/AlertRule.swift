/// An alert rule of the team's monitoring, as a game-day plan names it (`alerts:` in `--scenario`): the
/// condition a log event stands for, and how long it must hold (`for:`) before the alert fires. The report
/// says when it would have fired by the observed timeline (see `AlertOutcome`).
public struct AlertRule: Sendable {
    /// What the rule's expression stands for, as the logs can observe it.
    public enum Condition: Sendable, Equatable {
        /// `broker_down` (`kafka_brokers < 1`): from T+0 until the broker is back.
        case brokerDown
        /// Events of these kinds (from clients in `role`, if given) within the last `withinSeconds`
        /// (`rate(errors[5m]) > 0` holds for 5 min after each error).
        case events(kinds: [EventKind], role: String?, withinSeconds: Double)
    }

    public var name: String
    /// The rule's expression as the monitoring writes it (shown, not evaluated).
    public var expression: String?
    public var condition: Condition
    /// How long the condition must hold before the alert fires (Prometheus `for:`).
    public var forSeconds: Double

    public init(name: String, expression: String?, condition: Condition, forSeconds: Double) {
        self.name = name
        self.expression = expression
        self.condition = condition
        self.forSeconds = forSeconds
    }

    /// Seconds in a Prometheus duration (`30s`, `1m`, `1h30m`, `500ms`) or a plain number of seconds;
    /// nil when it is neither.
    public static func seconds(_ text: String) -> Double? {
        if let plain = Double(text), plain.isFinite, plain >= 0 { return plain }
        var total = 0.0, number = "", unit = ""
        func take() -> Bool {
            guard let value = Double(number) else { return false }
            let scale: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
            guard let factor = scale[unit] else { return false }
            total += value * factor
            number = ""; unit = ""
            return true
        }
        for character in text {
            if character.isNumber {
                if !unit.isEmpty { guard take() else { return nil } }
                number.append(character)
            } else if character.isLetter, !number.isEmpty {
                unit.append(character)
            } else {
                return nil
            }
        }
        guard !number.isEmpty, take() else { return nil }
        return total
    }
}
