/// What an event says besides when and where: the entry that matched (id, kind, fate), the record's
/// level, the captured fields and the excerpt. Thousands of events say the same, so the scanner keeps
/// one per distinct combination (`EventTraits.Interner`) and the events share it.
public final class EventTraits: Sendable, Hashable {
    public let patternID: String
    public let kind: EventKind
    /// What the matched entry says the error means for the record, if it says.
    public let fate: DeliveryFate?
    public let level: String?
    public let fields: EventFields
    /// The text the pattern matched (capped), UTF-8 repaired; empty when not kept.
    public let excerpt: String

    public init(patternID: String, kind: EventKind, fate: DeliveryFate?, level: String?, fields: EventFields, excerpt: String) {
        self.patternID = patternID
        self.kind = kind
        self.fate = fate
        self.level = level
        self.fields = fields
        self.excerpt = excerpt
    }

    public static func == (a: EventTraits, b: EventTraits) -> Bool {
        a === b || (a.patternID == b.patternID && a.kind == b.kind && a.fate == b.fate && a.level == b.level
            && a.excerpt == b.excerpt && (a.fields.identical(to: b.fields) || a.fields == b.fields))
    }

    /// Hashes what `==` compares but the fields, whose names may come in any order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(patternID)
        hasher.combine(level)
        hasher.combine(excerpt)
    }

    /// Hands out one shared `EventTraits` per distinct combination, made only the first time it is
    /// asked for; forgets them all when it holds `limit`, so that its memory stays bounded when every
    /// event differs (later ones are shared again from then on). One per worker.
    final class Interner {
        /// Equal when identical, fields in the same order: what one pattern's events are.
        private struct Key: Hashable {
            let patternID: String
            let kind: EventKind
            let fate: DeliveryFate?
            let level: String?
            let fields: EventFields
            let excerpt: String

            static func == (a: Key, b: Key) -> Bool {
                a.patternID == b.patternID && a.kind == b.kind && a.fate == b.fate && a.level == b.level
                    && a.excerpt == b.excerpt && a.fields.identical(to: b.fields)
            }

            func hash(into hasher: inout Hasher) {
                hasher.combine(patternID)
                hasher.combine(level)
                hasher.combine(excerpt)
                hasher.combine(fields.values)
            }
        }

        private var known: [Key: EventTraits] = [:]
        private var last: (key: Key, traits: EventTraits)?
        private let limit: Int

        init(limit: Int = 1 << 16) {
            self.limit = limit
        }

        func intern(patternID: String, kind: EventKind, fate: DeliveryFate?, level: String?, fields: EventFields, excerpt: String) -> EventTraits {
            let key = Key(patternID: patternID, kind: kind, fate: fate, level: level, fields: fields, excerpt: excerpt)
            // Runs of like events are common: the last one answers without hashing.
            if let last, last.key == key { return last.traits }
            let traits = known[key] ?? {
                if known.count >= limit { known.removeAll(keepingCapacity: true) }
                let made = EventTraits(patternID: patternID, kind: kind, fate: fate, level: level, fields: fields, excerpt: excerpt)
                known[key] = made
                return made
            }()
            last = (key, traits)
            return traits
        }
    }
}
