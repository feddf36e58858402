/// The CRI log file format (kubelet, containerd, CRI-O): `<RFC3339Nano> <stream> <P|F> <text>`.
/// containerd splits lines longer than 16 KiB into `P` fragments closed by an `F` one.
public enum CRIEnvelope {
    public static func parse(_ line: UnsafeRawBufferPointer) -> Envelope.Parts? {
        guard let shape = TimestampShape.measure(line), shape.hasZone else { return nil }
        var i = shape.length
        guard i + 8 < line.count || i + 8 == line.count, line[i] == 0x20 else { return nil }
        i += 1
        let stream: Envelope.Stream
        if matches(line, at: i, "stdout") {
            stream = .stdout
        } else if matches(line, at: i, "stderr") {
            stream = .stderr
        } else {
            return nil
        }
        i += 6
        guard i + 1 < line.count, line[i] == 0x20, line[i + 1] == 0x50 || line[i + 1] == 0x46 else { return nil }
        let partial = line[i + 1] == 0x50
        i += 2
        if i < line.count {
            guard line[i] == 0x20 else { return nil }
            i += 1
        }
        return Envelope.Parts(timestamp: UnsafeRawBufferPointer(rebasing: line[0..<shape.length]),
                              content: UnsafeRawBufferPointer(rebasing: line[i...]), isPartial: partial, stream: stream)
    }

    private static func matches(_ line: UnsafeRawBufferPointer, at offset: Int, _ word: StaticString) -> Bool {
        guard offset + word.utf8CodeUnitCount <= line.count else { return false }
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount where line[offset + k] != w[k] { return false }
        return true
    }
}
