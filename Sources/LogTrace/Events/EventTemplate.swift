/// What an event has in common with others: where it was read (`EventOrigin`) and what it says
/// (`EventTraits`). One per distinct pair in a file, so that an event holds one reference for both.
public final class EventTemplate: Sendable {
    public let origin: EventOrigin
    public let traits: EventTraits

    public init(origin: EventOrigin, traits: EventTraits) {
        self.origin = origin
        self.traits = traits
    }

    /// Hands out one template per pair of origin and traits seen; forgets them all when it holds
    /// `limit`. One per worker.
    final class Interner {
        private struct Key: Hashable {
            let origin: ObjectIdentifier
            let traits: ObjectIdentifier
        }

        private var known: [Key: EventTemplate] = [:]
        private var last: EventTemplate?
        private let limit: Int

        init(limit: Int = 1 << 16) {
            self.limit = limit
        }

        func template(_ origin: EventOrigin, _ traits: EventTraits) -> EventTemplate {
            // The templates hold their origin and traits, so no identifier in `known` is reused.
            if let last, last.origin === origin, last.traits === traits { return last }
            let key = Key(origin: ObjectIdentifier(origin), traits: ObjectIdentifier(traits))
            if let found = known[key] {
                last = found
                return found
            }
            if known.count >= limit { known.removeAll(keepingCapacity: true) }
            let made = EventTemplate(origin: origin, traits: traits)
            known[key] = made
            last = made
            return made
        }
    }
}
