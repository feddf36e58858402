import ArgumentParser
import Glibc
import LogTrace

// A closed output pipe must end the run quietly, not kill it with SIGPIPE.
signal(SIGPIPE, SIG_IGN)

// SIGINT and SIGTERM drop the outputs begun and end the run (Interruption).
Interruption.install()

// Usage errors exit with status 2 (ArgumentParser's own default is 64).
do {
    // The arguments as given: a path that is not UTF-8 is kept (shown escaped), not repaired away.
    let arguments = (1..<Int(CommandLine.argc)).map { i in
        PathBytes.shown(Array(UnsafeRawBufferPointer(start: CommandLine.unsafeArgv[i], count: strlen(CommandLine.unsafeArgv[i]!))))
    }
    var command = try Logtrace.parseAsRoot(arguments)
    try command.run()
} catch {
    // Outputs begun but not finished leave no trace; the old files at their paths stay.
    OutputFile.discardUncommitted()
    let code = Logtrace.exitCode(for: error)
    if code == .success {
        Logtrace.exit(withError: error)
    }
    if let exit = error as? ExitCode {
        Glibc.exit(exit.rawValue)
    }
    var text = Logtrace.fullMessage(for: error) + "\n"
    let arguments = CommandLine.arguments.dropFirst()
    if let word = arguments.first,
       let name = SubcommandSuggestion.closest(to: word, among: Logtrace.configuration.subcommands.map { $0._commandName }) {
        text = "logtrace: '\(word)' is not a subcommand. Did you mean '\(name)'?\n" + text
    }
    var message = Array(text.utf8)
    _ = write(2, &message, message.count)
    Glibc.exit(2)
}
