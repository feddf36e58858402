/// Pods that went quiet together (`QuietSpell`s of several files overlapping in time), away from every
/// incident the failure lines make: a broker that froze for less than every client's timeouts leaves no
/// failure line, only consumers that stop receiving and producers whose acknowledgements stop.
///
/// A group is an incident of its own when at least `minimumPods` pods are in it and caught up on a
/// backlog when they resumed: pods pausing for their own reasons (a batch that ended, a quiet hour)
/// carry on at their usual rate, while what waited behind a frozen broker comes through at once, to
/// the producers (acknowledgements) and the consumers (records) alike.
public struct QuietPods: Sendable {
    /// One pod's spell, with the file that holds it.
    public struct Spell: Sendable {
        public var spell: QuietSpell
        public var file: FileSummary

        /// The failure event standing for the silence: when the pod's next line was due (one usual gap
        /// after its last), citing that last line.
        public var quietEvent: Event {
            let due = spell.lastTime.adding(seconds: spell.usualGapSeconds)
            let time = Timestamp(nanoseconds: max(spell.lastTime.nanoseconds + 1, min(due.nanoseconds, spell.resumedTime.nanoseconds - 1)))
            let fields: EventFields = [
                "quiet_ms": String(Int((spell.seconds * 1000).rounded())),
                "usual_gap_ms": String(Int((spell.usualGapSeconds * 1000).rounded())),
            ]
            let excerpt = "no line for \(String(format: "%.1f", spell.seconds)) s after this one (usually one every \(Self.milliseconds(spell.usualGapSeconds)))"
            return Event(time: time, appTime: nil, kind: .wentQuiet, patternID: "logtrace:quiet-spell", service: file.service, pod: file.pod,
                         file: file.path, line: spell.lastLine, level: nil, fields: fields, excerpt: excerpt, timeInherited: false, untimed: false)
        }

        /// The recovery event: the pod's first line after the silence.
        public var resumedEvent: Event {
            let excerpt = spell.caughtUp
                ? "first line after \(String(format: "%.1f", spell.seconds)) s of silence; \(String(format: "%.1f", spell.catchUp))× its usual rate in the 2 s after (a backlog)"
                : "first line after \(String(format: "%.1f", spell.seconds)) s of silence"
            return Event(time: spell.resumedTime, appTime: nil, kind: .resumedLogging, patternID: "logtrace:quiet-spell", service: file.service,
                         pod: file.pod, file: file.path, line: spell.resumedLine, level: nil, fields: ["catch_up": String(spell.catchUp)],
                         excerpt: excerpt, timeInherited: false, untimed: false)
        }

        static func milliseconds(_ seconds: Double) -> String {
            seconds >= 1 ? String(format: "%.1f s", seconds) : "\(Int((seconds * 1000).rounded())) ms"
        }
    }

    /// The fewest pods, each caught up on a backlog, that make an incident of their silence.
    public static let minimumPods = 2
    /// Spells this close to an incident's window belong to it, not to an incident of their own.
    public static let marginSeconds = 10.0
    /// How long before an incident's first failure line pods may have gone quiet and still date it (the
    /// longest request timeouts the libraries use by default are 30 to 60 s).
    public static let lookbackSeconds = 60.0

    /// The spells of at least `minimumPods` pods that had begun before `first` (an incident's first
    /// failure, at most `lookbackSeconds` after them) and still went on: nil when fewer pods were quiet.
    public static func quietAt(_ first: Event, among spells: [Spell]) -> [Spell]? {
        let ongoing = spells.filter { spell in
            spell.spell.lastTime < first.time && spell.spell.resumedTime >= first.time
                && first.time.seconds(since: spell.spell.lastTime) <= lookbackSeconds
        }
        return Set(ongoing.map(\.file.pod)).count >= minimumPods ? ongoing : nil
    }

    /// The groups of pods that make incidents: spells of `files` overlapping none of `windows` (the
    /// incidents' first and last moments), gathered while they share a moment of silence; in time order.
    public static func groups(_ files: [FileSummary], outside windows: [(from: Timestamp, to: Timestamp)]) -> [[Spell]] {
        let spells = spells(in: files)
            .filter { spell in
                !windows.contains { spell.spell.lastTime <= $0.to.adding(seconds: marginSeconds) && spell.spell.resumedTime >= $0.from.adding(seconds: -marginSeconds) }
            }
            .sorted { ($0.spell.lastTime, $0.file.path, $0.spell.lastLine) < ($1.spell.lastTime, $1.file.path, $1.spell.lastLine) }
        var groups: [[Spell]] = []
        var current: [Spell] = []
        var sharedEnd = Timestamp(nanoseconds: .min)
        for spell in spells {
            if !current.isEmpty && spell.spell.lastTime < sharedEnd {
                current.append(spell)
                sharedEnd = min(sharedEnd, spell.spell.resumedTime)
                continue
            }
            if qualifies(current) { groups.append(current) }
            current = [spell]
            sharedEnd = spell.spell.resumedTime
        }
        if qualifies(current) { groups.append(current) }
        return groups
    }

    /// The spells of `files`, each once: copies of one pod's log (kubectl and CRI, plain and gzip) hold
    /// the same silence, kept from the file first by path, as its events are.
    public static func spells(in files: [FileSummary]) -> [Spell] {
        struct Key: Hashable { var pod: String, last: Timestamp, resumed: Timestamp }
        var seen = Set<Key>()
        var spells: [Spell] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            for spell in file.quietSpells ?? [] {
                if seen.insert(Key(pod: file.pod, last: spell.lastTime, resumed: spell.resumedTime)).inserted { spells.append(Spell(spell: spell, file: file)) }
            }
        }
        return spells
    }

    static func qualifies(_ group: [Spell]) -> Bool {
        Set(group.filter(\.spell.caughtUp).map(\.file.pod)).count >= minimumPods
    }
}
