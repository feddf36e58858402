/// What a failed send's error means for its record, as the pattern entry that matched it says
/// (`fate:`), read from the library's source: whether the record may have reached the broker anyway.
public enum DeliveryFate: String, Sendable, Codable, CaseIterable {
    /// The record never reached the broker: it expired before it was sent, or was rejected client-side.
    case lost
    /// The record may have been stored: its produce request was sent and no answer came. On a
    /// `request_timeout` event (`in_flight: true`), the request timed out in flight.
    case unknown
    /// The same text covers both: lost, unless the same client logged an in-flight request timeout
    /// before it.
    case lostUnlessInFlight = "lost_unless_in_flight"
}
