import ArgumentParser
import KnockCore
import KnockScript

/// The `knocksh` root command: subcommands, or a script from `-c`, `-f` or standard input.
@main
struct Knocksh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knocksh",
        abstract: "Test notifications built on the Knock API: a shell, a .knock recipe runner and a local engine.",
        discussion: """
            knocksh                         open the interactive shell (on a terminal)
            knocksh --api-url URL           the shell on a Knock environment
            knocksh -c 'print (1 + 2)'      run a script given on the command line
            knocksh -f script.knock         run a script file
            echo 'print 1' | knocksh        run a script from standard input
            knocksh run recipes/            run recipes as tests (see knocksh run --help)
            knocksh check recipes/          parse and check recipes without running them

            Exit codes: 0 all passed, 1 a test failed, 2 an error, 64 bad usage.
            """,
        version: "0.1.0",
        // New faces of knocksh add their subcommand here; the shell is the bare command.
        subcommands: [RunCommand.self, CheckCommand.self, ServeCommand.self]
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run SCRIPT, given as text.", valueName: "SCRIPT"))
    var command: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the script in FILE.", valueName: "FILE"))
    var file: String?

    @OptionGroup var shared: SharedOptions

    func validate() throws {
        if command != nil && file != nil { throw ValidationError("give either -c or -f, not both") }
    }

    func run() throws {
        // No script on a terminal: the interactive shell. Piped stdin falls through to `-f -`.
        if command == nil && file == nil && FileSystem.isTerminal(0) {
            let status = try ShellEntry.run(shared: shared)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let source: SourceFile
        let program: Program
        do {
            if let command {
                source = SourceFile(path: "<-c>", text: command)
                program = try ScriptLoader.load(source: source, directory: ".")
            } else if let file {
                program = try ScriptLoader.load(path: file)
            } else {
                source = SourceFile(path: "<stdin>", text: readStandardInput())
                program = try ScriptLoader.load(source: source, directory: ".")
            }
        } catch {
            Output.report(error.diagnostics, color: shared.colorForStderr)
            throw ExitCode(ExitStatus.error)
        }
        let status = ScriptMode.run(program, shared: shared)
        if status != 0 { throw ExitCode(status) }
    }
}
