import Foundation
import XCTest
@testable import LogTrace

/// `scripts/install-completions`: bash, zsh and fish completions and the man page, generated from the
/// binary's own parser, land under the prefix and know every subcommand and option.
final class InstallCompletionsTests: XCTestCase {
    /// swift-argument-parser's man page tool, when it was built beside the binary
    /// (`swift build --product generate-manual`).
    var manTool: String? {
        let folder = URL(fileURLWithPath: TestSupport.logtraceBinary).deletingLastPathComponent().path
        return ["generate-manual", "generate-manual-tool"].map { folder + "/" + $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func install(_ prefix: String, man: Bool) -> (status: Int32, stdout: [UInt8], stderr: String) {
        TestSupport.run(TestSupport.repoRoot + "/scripts/install-completions",
                        ["--prefix", prefix, "--bin", TestSupport.logtraceBinary] + (man ? ["--man-tool", manTool!] : ["--no-man"]))
    }

    /// Completes `line` with the installed bash completion, as bash would at the end of the line.
    func bashComplete(_ script: String, _ line: String) -> [String] {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if line.hasSuffix(" ") { words.append("") }
        let array = words.map { "'\($0)'" }.joined(separator: " ")
        let program = "source '\(script)'; COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1); "
            + "COMPREPLY=(); _logtrace logtrace '\(words.last!)' '\(words[words.count - 2])'; printf '%s\\n' \"${COMPREPLY[@]}\""
        let result = TestSupport.run("/bin/bash", ["-c", program])
        return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func testCompletionsKnowTheSubcommandsAndOptions() throws {
        let prefix = TestSupport.temporaryDirectory(self)
        let result = install(prefix, man: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        let bash = prefix + "/share/bash-completion/completions/logtrace"
        XCTAssertEqual(TestSupport.run("/bin/bash", ["-n", bash]).status, 0, "the bash script parses")
        XCTAssertEqual(bashComplete(bash, "logtrace pat"), ["patterns"])
        XCTAssertTrue(Set(bashComplete(bash, "logtrace ")).isSuperset(of: ["ingest", "merge", "patterns"]))
        XCTAssertEqual(bashComplete(bash, "logtrace ingest --sin"), ["--since"])
        XCTAssertTrue(Set(bashComplete(bash, "logtrace patterns ")).isSuperset(of: ["list", "test"]))
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_logtrace", encoding: .utf8)
        XCTAssertTrue(zsh.hasPrefix("#compdef logtrace"), String(zsh.prefix(80)))
        let fish = try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/logtrace.fish", encoding: .utf8)
        for option in ["since", "until", "explain", "max-records"] { XCTAssertTrue(fish.contains("-l '\(option)'") || fish.contains("-l \(option)"), option) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: prefix + "/share/man/man1/logtrace.1"))
    }

    /// The man page, rendered by man(1), documents every option `logtrace ingest --help` lists.
    func testManPageHoldsEveryOptionOfIngest() throws {
        guard manTool != nil else { throw XCTSkip("generate-manual is not built (swift build --product generate-manual)") }
        let prefix = TestSupport.temporaryDirectory(self)
        let result = install(prefix, man: true)
        XCTAssertEqual(result.status, 0, result.stderr)
        let rendered = TestSupport.run("/bin/sh", ["-c", "MANWIDTH=200 man -l \"$0\" 2>/dev/null | col -b", prefix + "/share/man/man1/logtrace.1"])
        let page = String(decoding: rendered.stdout, as: UTF8.self)
        XCTAssertTrue(page.contains("logtrace — Turn archived Kubernetes pod logs into a Kafka outage timeline."), String(page.prefix(300)))
        let help = TestSupport.logtrace(["ingest", "--help"]).stdout
        let options = Set(help.components(separatedBy: .whitespacesAndNewlines).filter { $0.hasPrefix("--") && $0.count > 3 }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",.:;)'")) })
        XCTAssertGreaterThan(options.count, 20)
        for option in options where option != "--help" { XCTAssertTrue(page.contains(option), option) }
        for subcommand in ["ingest", "merge", "patterns", "list", "test"] { XCTAssertTrue(page.contains("\n     \(subcommand)") || page.contains(" \(subcommand) "), subcommand) }
    }
}
