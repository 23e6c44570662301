import ArgumentParser
import KnockScript

/// `knocksh check PATH...`: parse and compile without running; report every error.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and check .knock files without running them (syntax, names, commands); report every error.",
        discussion: "Exit codes: 0 no problems, 2 at least one error, 64 bad usage."
    )

    @Argument(help: ArgumentHelp("Files and directories of .knock recipes.", valueName: "PATH"))
    var paths: [String]

    @OptionGroup var shared: SharedOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or directory") }
    }

    func run() throws {
        let files: [String]
        do {
            files = try Runner.files(for: paths)
        } catch {
            Console.writeStderr("knocksh check: \(error)\n")
            throw ExitCode(ExitStatus.error)
        }
        let registry = Wiring.makeRegistry()
        var errorCount = 0
        var testCount = 0
        for file in files {
            do {
                let module = try Compiler.compile(try ScriptLoader.load(path: file), commands: registry)
                testCount += module.tests.count
            } catch {
                errorCount += error.diagnostics.count
                Output.report(error.diagnostics, color: shared.colorForStderr)
            }
        }
        let summary = "\(files.count) file\(files.count == 1 ? "" : "s") checked, \(testCount) test\(testCount == 1 ? "" : "s"), \(errorCount) error\(errorCount == 1 ? "" : "s")\n"
        if errorCount > 0 {
            Console.writeStderr(summary)
            throw ExitCode(ExitStatus.error)
        }
        Console.writeStdout(summary)
    }
}
