/// Which decompressor reads gzip input.
public enum InflateBackend: String, Sendable, CaseIterable, Codable {
    /// Intel ISA-L's `isal_inflate`: the default, about 2.4 times zlib's speed.
    case isal
    /// zlib's `inflate`: always built, the fallback and the cross-check.
    case zlib

    public func makeInflater() -> Inflater {
        switch self {
        case .isal: return IsalInflater()
        case .zlib: return ZlibInflater()
        }
    }
}
