import Yams

/// A game-day plan (`--scenario FILE`): the milestones the team expected, with their T+ offsets, the
/// steady-state checks, and the alert rules that should fire. See examples/kafka-broker-down.scenario.yaml.
public struct ScenarioPlan: Sendable {
    /// An expected moment and how to find it among the events.
    public struct Milestone: Sendable {
        public var name: String
        public var expectedOffset: Double
        /// Event kinds that mark it; the first such event in the incident (or the last, with `last`) is it.
        public var kinds: [EventKind]
        /// Only events from clients in this role (`Producer`, `Consumer`), if given.
        public var role: String?
        /// Only events from this service, if given.
        public var service: String?
        public var last: Bool
        /// Instead of events, an incident phase: `t0`, `first_symptom`, `broker_back`, `full_recovery`.
        public var phase: String?
    }

    /// A steady-state hypothesis and what decides it.
    public struct Check: Sendable {
        public var name: String
        /// `broker_available`, `producer_success_rate`, or anything else (undecidable from logs).
        public var metric: String
        public var minimum: Double?
    }

    public var name: String
    public var milestones: [Milestone]
    public var checks: [Check]
    public var alerts: [AlertRule] = []

    public static let phases = ["t0", "first_symptom", "broker_back", "full_recovery"]

    /// Reads and parses the plan in file `path`.
    public static func load(_ path: String) throws(ScenarioError) -> ScenarioPlan {
        let yaml: String
        do {
            yaml = try TextFile.read(path)
        } catch {
            throw ScenarioError(file: path, line: nil, milestone: nil, message: "cannot read: \(error.detail)")
        }
        return try parse(yaml: yaml, file: path)
    }

    public static func parse(yaml: String, file: String) throws(ScenarioError) -> ScenarioPlan {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw ScenarioError(file: file, line: nil, milestone: nil, message: "not valid YAML: \(error)")
        }
        guard let root, case .mapping = root else {
            throw ScenarioError(file: file, line: 1, milestone: nil, message: "expected a mapping with 'milestones'")
        }
        var milestones: [Milestone] = []
        for node in root["milestones"]?.sequence ?? [] {
            let line = node.mark?.line
            guard let name = node["name"]?.string else { throw ScenarioError(file: file, line: line, milestone: nil, message: "milestone without 'name'") }
            guard let at = node["at"]?.float ?? node["at"]?.int.map(Double.init) else {
                throw ScenarioError(file: file, line: line, milestone: name, message: "milestone needs 'at' (seconds after T+0)")
            }
            let kinds = try eventKinds(node, file: file, line: line, name: name)
            let phase = node["phase"]?.string
            if let phase, !phases.contains(phase) {
                throw ScenarioError(file: file, line: line, milestone: name, message: "unknown phase '\(phase)' (known: \(phases.joined(separator: ", ")))")
            }
            if kinds.isEmpty && phase == nil {
                throw ScenarioError(file: file, line: line, milestone: name, message: "milestone needs 'kind', 'kinds' or 'phase'")
            }
            milestones.append(Milestone(name: name, expectedOffset: at, kinds: kinds, role: node["role"]?.string,
                                        service: node["service"]?.string, last: node["last"]?.bool ?? false, phase: phase))
        }
        var checks: [Check] = []
        for node in root["steady_state"]?.sequence ?? [] {
            guard let name = node["name"]?.string, let metric = node["metric"]?.string else {
                throw ScenarioError(file: file, line: node.mark?.line, milestone: nil, message: "steady-state check needs 'name' and 'metric'")
            }
            checks.append(Check(name: name, metric: metric, minimum: node["min"]?.float ?? node["min"]?.int.map(Double.init)))
        }
        var alerts: [AlertRule] = []
        for node in root["alerts"]?.sequence ?? [] {
            let line = node.mark?.line
            guard let name = node["name"]?.string else { throw ScenarioError(file: file, line: line, milestone: nil, message: "alert without 'name'") }
            let duration = node["for"]?.string ?? "0s"
            guard let forSeconds = AlertRule.seconds(duration) else {
                throw ScenarioError(file: file, line: line, milestone: name, message: "'for: \(duration)' is not a duration (30s, 1m, 1h30m)")
            }
            let condition: AlertRule.Condition
            if let when = node["when"]?.string {
                guard when == "broker_down" else {
                    throw ScenarioError(file: file, line: line, milestone: name, message: "unknown condition 'when: \(when)' (known: broker_down; or 'kinds' with 'within')")
                }
                condition = .brokerDown
            } else {
                let kinds = try eventKinds(node, file: file, line: line, name: name)
                guard !kinds.isEmpty else {
                    throw ScenarioError(file: file, line: line, milestone: name, message: "alert needs 'when: broker_down', or 'kinds' with 'within'")
                }
                let window = node["within"]?.string ?? "0s"
                guard let within = AlertRule.seconds(window) else {
                    throw ScenarioError(file: file, line: line, milestone: name, message: "'within: \(window)' is not a duration (30s, 5m)")
                }
                condition = .events(kinds: kinds, role: node["role"]?.string, withinSeconds: within)
            }
            alerts.append(AlertRule(name: name, expression: node["expr"]?.string, condition: condition, forSeconds: forSeconds))
        }
        var plan = ScenarioPlan(name: root["name"]?.string ?? file, milestones: milestones, checks: checks)
        plan.alerts = alerts
        return plan
    }

    /// The event kinds a plan entry names in `kind` or `kinds`; an unknown name is an error on its line.
    private static func eventKinds(_ node: Node, file: String, line: Int?, name: String) throws(ScenarioError) -> [EventKind] {
        var kinds: [EventKind] = []
        let kindNames = (node["kind"]?.string.map { [$0] } ?? []) + (node["kinds"]?.sequence?.compactMap(\.string) ?? [])
        for kindName in kindNames {
            guard let kind = EventKind(rawValue: kindName) else {
                throw ScenarioError(file: file, line: line, milestone: name, message: "unknown kind '\(kindName)'")
            }
            kinds.append(kind)
        }
        return kinds
    }
}
