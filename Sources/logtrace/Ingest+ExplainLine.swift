import ArgumentParser
import LogTrace

extension Ingest {
    /// `--explain FILE:LINE`: how that line was read and every pattern entry tried on its record. A line
    /// the file does not have, or a file that cannot be read up to it, is a usage error; a read error
    /// found past it gives the partial status.
    func explainLine(_ line: Int, of path: String, _ pipeline: Pipeline, patterns: PatternSet) throws {
        let explained = pipeline.explain(path, line: line, patterns: patterns)
        let sink = try report.openSinks().report
        try finish(sink) { try sink.write(ExplainText.render(explained)) }
        if explained.record == nil {
            Diagnostics.error(explained.file.error.map { "\(path): \($0)" } ?? "\(path) has no line \(line): it has \(explained.linesInFile ?? 0)")
            throw ExitCode(ExitStatus.usage)
        }
        if explained.file.error != nil { throw ExitCode(ExitStatus.partial) }
    }
}
