import Glibc

/// Decompresses a gzip stream from another `ByteSource`, member after member (`cat a.gz b.gz`, rotated
/// archives), through either inflate backend.
///
/// Like `gzip -d`, zero padding or garbage after the last member is ignored with a warning. Corrupt or
/// truncated data throws an `InputError` naming the compressed byte offset; whatever was decompressed
/// before that point has already been returned.
public final class GzipReader: ByteSource {
    private enum State { case inMember, betweenMembers, finished }

    private let source: any ByteSource
    private let inflater: Inflater
    private let input: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    private var state = State.inMember
    /// Offset in the compressed file of `input[start]`.
    private var offset: Int64 = 0
    private var memberStart: Int64 = 0
    private var members = 1
    /// An error found after some output was produced: that output is returned first, the error next.
    private var pendingError: InputError?
    public private(set) var warnings: [String] = []

    public var rawBytesRead: Int64 { source.rawBytesRead }

    public init(source: any ByteSource, backend: InflateBackend, bufferSize: Int = 256 * 1024) {
        self.source = source
        self.inflater = backend.makeInflater()
        self.input = .allocate(byteCount: bufferSize, alignment: 64)
    }

    deinit {
        input.deallocate()
    }

    /// Moves unread bytes to the front and reads more; returns false at the end of the source.
    private func refill() throws(InputError) -> Bool {
        if sourceEnded { return false }
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                input.baseAddress!.copyMemory(from: input.baseAddress! + start, byteCount: pending)
            }
            start = 0
            end = pending
        }
        let room = UnsafeMutableRawBufferPointer(rebasing: input[end...])
        let n = try source.read(into: room)
        if n == 0 {
            sourceEnded = true
            return false
        }
        end += n
        return true
    }

    public func read(into output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let pendingError {
            self.pendingError = nil
            state = .finished
            throw pendingError
        }
        while true {
            switch state {
            case .finished:
                return 0
            case .betweenMembers:
                while end - start < 2 {
                    if try !refill() { break }
                }
                let pending = end - start
                if pending == 0 {
                    state = .finished
                    return 0
                }
                if pending >= 2 && input[start] == 0x1f && input[start + 1] == 0x8b {
                    inflater.reset()
                    members += 1
                    memberStart = offset
                    state = .inMember
                    continue
                }
                try skipTrailer()
                state = .finished
                return 0
            case .inMember:
                if start == end {
                    if try !refill() {
                        throw InputError(.truncatedGzip,
                                         "gzip data ends early at compressed byte \(offset) (member \(members) began at byte \(memberStart))")
                    }
                }
                let step = inflater.inflate(input: UnsafeRawBufferPointer(rebasing: input[start..<end]), output: output)
                start += step.consumed
                offset += Int64(step.consumed)
                if let error = step.error {
                    let failure = InputError(.corruptGzip, "\(error) near compressed byte \(offset) (member \(members) began at byte \(memberStart))")
                    if step.produced > 0 {
                        pendingError = failure
                        return step.produced
                    }
                    state = .finished
                    throw failure
                }
                if step.memberEnded { state = .betweenMembers }
                if step.produced > 0 { return step.produced }
                if step.consumed == 0 && !step.memberEnded {
                    // The inflater needs more input than is buffered.
                    if end - start == input.count {
                        throw InputError(.corruptGzip, "inflater made no progress at compressed byte \(offset)")
                    }
                    if try !refill() {
                        throw InputError(.truncatedGzip,
                                         "gzip data ends early at compressed byte \(offset + Int64(end - start)) (member \(members) began at byte \(memberStart))")
                    }
                }
            }
        }
    }

    /// Reads what follows the last member to its end, telling zero padding from garbage.
    private func skipTrailer() throws(InputError) {
        let trailerStart = offset
        var allZero = true
        while true {
            for i in start..<end where input[i] != 0 {
                allZero = false
                break
            }
            offset += Int64(end - start)
            start = end
            if !allZero { break }
            if try !refill() { break }
        }
        if allZero {
            warnings.append("\(offset - trailerStart) bytes of zero padding after the gzip data were ignored")
        } else {
            warnings.append("trailing garbage after the gzip data at compressed byte \(trailerStart) was ignored")
        }
    }
}
