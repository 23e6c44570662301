import Foundation
import KnockScript
import KnockShell
import KnockShellScript

/// `knocksh` with no arguments on a terminal: the interactive shell over a script session.
///
/// The registry comes from `Wiring.makeRegistry()`, so every command registered there (the
/// Knock API's included) runs and completes in the shell without changes here.
///
/// ```swift
/// let status = ShellEntry.run(variables: ["base": .string("x")])   // returns at Ctrl-D / .quit
/// ```
enum ShellEntry {
    static func run(variables: [String: Value]) -> Int32 {
        unblockShellSignals()
        let registry = Wiring.makeRegistry()
        let directory = FileManager.default.currentDirectoryPath
        let evaluator = ScriptEvaluator(target: target, hooks: hooks) {
            let context = ExecutionContext(registry: registry, variables: variables)
            context.workingDirectory = directory
            return context
        }
        var configuration = ShellConfiguration.fromEnvironment(catalog: RegistryCatalog(registry: registry))
        configuration.programName = "knocksh"
        let finished = configuration
        return blockOn { await Shell(evaluator: evaluator, configuration: finished).run() }
    }

    /// Where commands go, for the banner and `.target`. The embedded engine and `--api-url`
    /// decide this once they are wired; until then the shell runs scripts locally.
    static var target: ShellTarget { ShellTarget(name: "local engine", isLocal: true) }

    /// Attachment points for the API layer (`.last`) and the engine (`.reset`, `.target`).
    static var hooks: ScriptEvaluator.Hooks { ScriptEvaluator.Hooks() }

    /// A parent may start us with signals blocked (a test runner's thread, Foundation's
    /// Process); then Ctrl-C during a command and SIGTERM would never reach the shell's handler.
    /// Unblock them before any thread exists, so every thread made later inherits the mask.
    static func unblockShellSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signo in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signo) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Runs async work from the synchronous root command. The main thread only waits; the
    /// shell's work runs on the cooperative pool and its own threads (editor, session).
    static func blockOn(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
        let done = DispatchSemaphore(value: 0)
        let status = Box()
        Task {
            status.value = await body()
            done.signal()
        }
        done.wait()
        return status.value
    }

    private final class Box: @unchecked Sendable {
        var value: Int32 = 0
    }
}
