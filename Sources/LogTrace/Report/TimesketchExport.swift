import Foundation

/// Writes every matched event as one JSON object per line in the form Timesketch imports
/// (`message`, `datetime`, `timestamp_desc`, `timestamp` in microseconds), with the extracted fields
/// beside them, so an investigator can load logtrace's events next to other timelines.
public enum TimesketchExport {
    public static func lines(_ events: [Event]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ""
        for event in events where !event.untimed {
            var object: [String: String] = [:]
            for (name, value) in event.fields { object["field_" + name] = value }
            object["message"] = "\(event.service): \(event.kind.phrase): \(event.excerpt)"
            object["datetime"] = event.time.format(fractionDigits: 6)
            object["timestamp_desc"] = event.timeInherited ? "Log Time (inherited from previous record)" : "Log Time"
            object["kind"] = event.kind.rawValue
            object["pattern"] = event.patternID
            object["service"] = event.service
            object["pod"] = event.pod
            object["file"] = event.file
            object["line"] = String(event.line)
            object["evidence"] = event.evidence
            if let level = event.level { object["level"] = level }
            if let appTime = event.appTime { object["app_datetime"] = appTime.format(fractionDigits: 6) }
            var data = (try? encoder.encode(object)) ?? Data("{}".utf8)
            // Timesketch wants the timestamp as a number; splice it in after sorting the string fields.
            data.removeLast()
            out += String(decoding: data, as: UTF8.self) + ",\"timestamp\":\(event.time.nanoseconds / 1000)}\n"
        }
        return out
    }
}
