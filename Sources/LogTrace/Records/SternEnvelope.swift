/// stern's output: `<pod> <container> <line>`, and with `--timestamps` an RFC 3339 time before the line.
/// The pod must look like a generated pod name (a Deployment's or StatefulSet's), so that ordinary text
/// is not taken for it.
public enum SternEnvelope {
    public static func parse(_ line: UnsafeRawBufferPointer) -> Envelope.Parts? {
        guard let podEnd = token(line, from: 0), podEnd > 0, podEnd < line.count,
              let containerEnd = token(line, from: podEnd + 1), containerEnd > podEnd + 1 else { return nil }
        let pod = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<podEnd]), as: UTF8.self)
        guard PodIdentity.serviceName(ofPod: pod) != pod else { return nil }
        var start = min(containerEnd + 1, line.count)
        var timestamp: UnsafeRawBufferPointer?
        if let shape = TimestampShape.measure(UnsafeRawBufferPointer(rebasing: line[start...])), shape.hasZone {
            timestamp = UnsafeRawBufferPointer(rebasing: line[start..<(start + shape.length)])
            start = min(start + shape.length + 1, line.count)
        }
        return Envelope.Parts(timestamp: timestamp, content: UnsafeRawBufferPointer(rebasing: line[start...]),
                              pod: UnsafeRawBufferPointer(rebasing: line[0..<podEnd]))
    }

    /// The end of a name token (lower-case letters, digits, `-`, `.`) starting at `from`.
    private static func token(_ line: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i < line.count {
            let c = line[i]
            if c == 0x20 { return i }
            guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E else { return nil }
            i += 1
        }
        return nil
    }
}
