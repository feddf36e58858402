/// A stream of bytes read in large chunks: a plain file, standard input, or a decompressor over either.
///
/// `read` fills as much of `buffer` as it can and returns 0 only at the end of the stream.
public protocol ByteSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// Bytes taken from the underlying file so far (compressed bytes for gzip), for error positions.
    var rawBytesRead: Int64 { get }
    /// Problems that did not stop reading (trailing garbage after gzip data, for example).
    var warnings: [String] { get }
}
