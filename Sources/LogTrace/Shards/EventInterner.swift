/// Makes decoded events share storage the way scanned ones do: a partial's thousands of events repeat
/// the same services, pods, paths, pattern ids, field names and captured texts, and a decoder makes a
/// copy of each for every event. Used by `PartialResult.read`.
final class EventInterner {
    private var strings = Set<String>()
    private var names: [[String]: [String]] = [:]
    private var origins: [OriginKey: EventOrigin] = [:]
    private let traits = EventTraits.Interner()
    private let templates = EventTemplate.Interner()

    private struct OriginKey: Hashable {
        var service: String
        var pod: String
        var file: String
    }

    func intern(_ event: Event) -> Event {
        var keys: [String] = []
        var values: [String?] = []
        for (key, value) in event.fields {
            keys.append(key)
            values.append(intern(value))
        }
        let sharedNames = names[keys] ?? { names[keys] = keys.map(intern); return names[keys]! }()
        let key = OriginKey(service: event.service, pod: event.pod, file: event.file)
        let origin = origins[key] ?? {
            let made = EventOrigin(service: intern(key.service), pod: intern(key.pod), file: intern(key.file))
            origins[key] = made
            return made
        }()
        let shared = traits.intern(patternID: intern(event.patternID), kind: event.kind, fate: event.fate, level: event.level.map(intern),
                                   fields: EventFields(names: sharedNames, values: values), excerpt: intern(event.excerpt))
        return Event(time: event.time, appTime: event.appTime, template: templates.template(origin, shared), line: event.line,
                     timeInherited: event.timeInherited, untimed: event.untimed, contentHash: event.contentHash)
    }

    private func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        if strings.count >= 1 << 16 { strings.removeAll(keepingCapacity: true) }
        return strings.insert(string).memberAfterInsert
    }
}
