/// Makes decoded events share storage the way scanned ones do: a partial's thousands of events repeat
/// the same services, pods, paths, pattern ids, field names and captured texts, and a decoder makes a
/// copy of each for every event. Used by `PartialResult.read`.
final class EventInterner {
    private var strings = Set<String>()
    private var names: [[String]: [String]] = [:]

    func intern(_ event: Event) -> Event {
        var keys: [String] = []
        var values: [String?] = []
        for (key, value) in event.fields {
            keys.append(key)
            values.append(intern(value))
        }
        let sharedNames = names[keys] ?? { names[keys] = keys.map(intern); return names[keys]! }()
        return Event(time: event.time, appTime: event.appTime, kind: event.kind, patternID: intern(event.patternID),
                     service: intern(event.service), pod: intern(event.pod), file: intern(event.file), line: event.line,
                     level: event.level.map(intern), fields: EventFields(names: sharedNames, values: values),
                     excerpt: intern(event.excerpt), timeInherited: event.timeInherited, untimed: event.untimed,
                     fate: event.fate, contentHash: event.contentHash)
    }

    private func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        return strings.insert(string).memberAfterInsert
    }
}
