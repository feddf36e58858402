/// Renders a `Report` as JSON (schema `logtrace-report/1`): sorted keys, so the bytes are stable, but
/// `schema` first, so that the file tells what it is from its first lines (logtrace skips a report
/// found among its inputs by them). Streamed by `JSONStreamWriter`: the report is written as it is
/// walked, never held whole as a tree or a text; the bytes are those Foundation's `JSONEncoder` writes
/// (pretty-printed, sorted keys, slashes unescaped) with the schema line moved first.
public enum JSONReport {
    /// Writes `report` into `write`, a piece of about 64 KiB at a time.
    public static func render(_ report: Report, into write: @escaping (String) -> Void) {
        let writer = JSONStreamWriter(pretty: true, firstKey: "schema", sink: write)
        do {
            try writer.write(report)
        } catch {
            // Only a NaN or an infinity can fail, and the report computes none: say so rather than stop short.
            writer.writeRaw("\n{\"error\" : \"\(error)\"}")
        }
        writer.writeRaw("\n")
        writer.flush()
    }

    /// The whole report as one string (tests, small reports).
    public static func render(_ report: Report) -> String {
        var text = ""
        render(report) { text += $0 }
        return text
    }
}
