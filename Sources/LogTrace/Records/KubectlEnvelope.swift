/// `kubectl logs --timestamps`: an RFC 3339 timestamp with a zone, one space, then the line.
public enum KubectlEnvelope {
    public static func parse(_ line: UnsafeRawBufferPointer) -> Envelope.Parts? {
        guard let shape = TimestampShape.measure(line), shape.hasZone, line[10] == 0x54 else { return nil }
        let end = shape.length
        if end == line.count { return Envelope.Parts(timestamp: line, content: UnsafeRawBufferPointer(rebasing: line[end..<end])) }
        guard line[end] == 0x20 else { return nil }
        return Envelope.Parts(timestamp: UnsafeRawBufferPointer(rebasing: line[0..<end]),
                              content: UnsafeRawBufferPointer(rebasing: line[(end + 1)...]))
    }
}
