import ArgumentParser
import LogTrace

extension ReportOptions {
    /// `--since` / `--until` parsed and range-checked, or nil when neither is given.
    func window() throws -> TimeWindow? {
        func bound(_ text: String?, _ option: String) throws -> TimeWindow.Bound? {
            guard let text else { return nil }
            guard let bound = TimeWindow.Bound(text) else {
                throw ValidationError("\(option) takes an RFC 3339 time like 2026-11-24T10:00:05Z or an offset from the first record like +90s or +5m, got '\(text)'")
            }
            if case .afterFirstRecord(let seconds) = bound, seconds > TimeWindow.Bound.maxOffsetSeconds {
                throw ValidationError("\(option) takes an offset of at most a year (+365d), got '\(text)'")
            }
            return bound
        }
        let window = TimeWindow(since: try bound(since, "--since"), until: try bound(until, "--until"))
        return window.since == nil && window.until == nil ? nil : window
    }
}
