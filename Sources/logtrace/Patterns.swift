import ArgumentParser
import Foundation
import LogTrace

/// `logtrace patterns list` and `logtrace patterns test`: the pattern packs as a pattern author sees
/// them, like Hayabusa's rule tests.
struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the pattern entries in force, or test which entry matches a line or the records of a file.",
        subcommands: [List.self, Test.self])

    /// Which pattern folders to load, as for `ingest`.
    struct Sources: ParsableArguments {
        @Option(name: .customLong("patterns"), help: "A folder of extra pattern files; entries override defaults with the same id. Repeatable.") var patternDirectories: [String] = []
        @Flag(help: "Use only the --patterns folders, not the default patterns/.") var noDefaultPatterns = false

        func load() throws -> PatternSet {
            let patterns = try usage("pattern error") { try PatternLoader.load(extraDirectories: patternDirectories, includeDefaults: !noDefaultPatterns) }
            for warning in patterns.warnings { Diagnostics.warning(warning) }
            return patterns
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every pattern file and entry: id, kind, line, literals, in the order they are tried.")
        @OptionGroup var sources: Sources

        func run() throws {
            let text = PatternsText.list(try sources.load())
            let sink = try usage(nil) { try OutputFile(path: nil, what: "the list") }
            try finish(sink) { try sink.write(text) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which entry matches a line (or each record of a file), what it captures, and the near-misses: entries whose literal is present but whose regex fails.",
            discussion: "An argument naming a file (plain or gzip; '-' for standard input) is read as ingest reads it, every record of it; any other argument with a space in it is taken as a log line, envelope and all. Exit status: 0 when some record matched an entry, 1 when none did, 2 for usage or pattern errors and inputs that cannot be read.")
        @Argument(help: "A log line, or a file of them.") var input: String
        @OptionGroup var sources: Sources
        @Option(help: "UTC offset for timestamps that carry no zone, like +09:00 (default: UTC).") var tz: String = "+00:00"
        @Option(parsing: .unconditional, help: "How many matching or nearly matching records of a file are shown (all are counted).") var maxRecords: Int = 200

        func validate() throws {
            if !(1...1_000_000).contains(maxRecords) { throw ValidationError("--max-records takes 1 to 1000000, got \(maxRecords)") }
            if TimeZoneOffset.parse(tz) == nil { throw ValidationError("--tz takes an offset like +09:00 or -0500") }
        }

        func run() throws {
            let patterns = try sources.load()
            var options = PipelineOptions()
            options.timeZoneOffsetSeconds = TimeZoneOffset.parse(tz) ?? 0
            let pipeline = Pipeline(options: options)
            // A log line has a space in it; a word without one is a path, even one that does not exist.
            let isFile = input == "-" || FileManager.default.fileExists(atPath: input) || !input.contains(where: \.isWhitespace)
            let result = isFile ? try usage(input) { try pipeline.test(path: input, patterns: patterns, limit: maxRecords) }
                : pipeline.test(line: input, patterns: patterns)
            let sink = try usage(nil) { try OutputFile(path: nil, what: "the test") }
            try finish(sink) { try sink.write(PatternsText.test(result, isLine: !isFile)) }
            if let error = result.file.error {
                Diagnostics.error("\(input): \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            if result.matched == 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
