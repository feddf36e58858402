import Foundation

/// Reads another source on a thread of its own, a few large chunks ahead, so that decompression on one
/// core overlaps line splitting and matching on another (used when there are more workers than files).
/// Bytes, their order and errors are exactly those of the source: data read before an error comes first.
public final class PrefetchingSource: ByteSource, @unchecked Sendable {
    /// The chunks passed between the two threads; owned by both, freed by whichever lets go last.
    private final class Ring: @unchecked Sendable {
        struct Chunk {
            var buffer: UnsafeMutableRawBufferPointer
            var count = 0
            var rawBytesRead: Int64 = 0
            var end = false
            var error: InputError?
            var warnings: [String] = []
        }
        let condition = NSCondition()
        var free: [UnsafeMutableRawBufferPointer]
        var filled: [Chunk] = []
        var cancelled = false

        init(chunks: Int, chunkSize: Int) {
            free = (0..<chunks).map { _ in .allocate(byteCount: chunkSize, alignment: 64) }
        }

        deinit {
            for buffer in free { buffer.deallocate() }
            for chunk in filled { chunk.buffer.deallocate() }
        }
    }

    private struct Handover: @unchecked Sendable {
        let source: any ByteSource
        init(_ source: any ByteSource) { self.source = source }
    }

    private let ring: Ring
    private var current: Ring.Chunk?
    private var offset = 0
    private var finished = false
    public private(set) var rawBytesRead: Int64 = 0
    public private(set) var warnings: [String] = []

    public init(_ inner: any ByteSource, chunks: Int = 4, chunkSize: Int = 1 << 20) {
        let ring = Ring(chunks: chunks, chunkSize: chunkSize)
        self.ring = ring
        // The source is handed over: only the producer thread touches it from now on.
        let handover = Handover(inner)
        let producer = Thread {
            Self.produce(from: handover.source, into: ring)
        }
        producer.stackSize = 1 << 20
        producer.start()
    }

    deinit {
        ring.condition.lock()
        ring.cancelled = true
        ring.condition.broadcast()
        ring.condition.unlock()
        if let current { giveBack(current.buffer) }
    }

    private static func produce(from inner: any ByteSource, into ring: Ring) {
        while true {
            ring.condition.lock()
            while ring.free.isEmpty && !ring.cancelled { ring.condition.wait() }
            if ring.cancelled {
                ring.condition.unlock()
                return
            }
            let buffer = ring.free.removeLast()
            ring.condition.unlock()

            var chunk = Ring.Chunk(buffer: buffer)
            do throws(InputError) {
                while chunk.count < buffer.count {
                    let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[chunk.count...]))
                    if n == 0 {
                        chunk.end = true
                        break
                    }
                    chunk.count += n
                }
            } catch {
                chunk.error = error
                chunk.end = true
            }
            chunk.rawBytesRead = inner.rawBytesRead
            if chunk.end { chunk.warnings = inner.warnings }
            ring.condition.lock()
            ring.filled.append(chunk)
            ring.condition.broadcast()
            ring.condition.unlock()
            if chunk.end { return }
        }
    }

    private func giveBack(_ buffer: UnsafeMutableRawBufferPointer) {
        ring.condition.lock()
        ring.free.append(buffer)
        ring.condition.broadcast()
        ring.condition.unlock()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            if let chunk = current {
                if offset < chunk.count {
                    let n = min(buffer.count, chunk.count - offset)
                    buffer.baseAddress!.copyMemory(from: chunk.buffer.baseAddress! + offset, byteCount: n)
                    offset += n
                    return n
                }
                current = nil
                giveBack(chunk.buffer)
                if chunk.end {
                    finished = true
                    warnings = chunk.warnings
                    if let error = chunk.error { throw error }
                    return 0
                }
            }
            if finished { return 0 }
            ring.condition.lock()
            while ring.filled.isEmpty { ring.condition.wait() }
            let next = ring.filled.removeFirst()
            ring.condition.unlock()
            current = next
            offset = 0
            rawBytesRead = next.rawBytesRead
        }
    }
}
