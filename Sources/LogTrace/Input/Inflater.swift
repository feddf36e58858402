/// One step of a raw gzip-member decompressor; the two backends (ISA-L and zlib) implement it.
public protocol Inflater: AnyObject {
    /// Decompresses from `input` into `output`. Stops at the end of a gzip member, leaving the rest of
    /// the input unconsumed so the caller can look at what follows.
    func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> InflateStep
    /// Prepares for the next gzip member.
    func reset()
}

/// What one call to `Inflater.inflate` did.
public struct InflateStep {
    public var consumed: Int
    public var produced: Int
    public var memberEnded: Bool
    /// Set when the data is corrupt (bad block, bad checksum, bad header).
    public var error: String?
}
