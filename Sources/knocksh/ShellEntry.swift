import Foundation
import KnockCommands
import KnockScript
import KnockShell
import KnockShellScript

/// `knocksh` with no arguments on a terminal: the interactive shell over a script session,
/// with the Knock API attached (`ShellAPI`: the embedded engine, or `--api-url`).
///
/// The registry comes from `Wiring.makeRegistry()`, so every command registered there runs and
/// completes in the shell without changes here.
///
/// ```swift
/// let status = try ShellEntry.run(shared: shared)   // returns at Ctrl-D / .quit; 64 if refused
/// ```
enum ShellEntry {
    static func run(shared: SharedOptions) throws -> Int32 {
        unblockShellSignals()
        let variables = try shared.parsedVariables()
        let api: ShellAPI
        do {
            api = try ShellAPI(options: .init(apiURL: shared.apiURL, allowProduction: shared.allowProduction, workflows: shared.workflows))
        } catch {
            Console.writeStderr("knocksh: \(error.message)\n")
            return ExitStatus.usage
        }
        defer { api.shutdown() }
        let registry = Wiring.makeRegistry()
        let directory = FileManager.default.currentDirectoryPath
        let evaluator = ScriptEvaluator(target: api.target, hooks: api.hooks) {
            let context = ExecutionContext(registry: registry, variables: variables)
            context.workingDirectory = directory
            return context
        }
        var configuration = ShellConfiguration.fromEnvironment(catalog: ShellAPICatalog(registry: registry, workflowKeys: { api.workflowKeys() },
                                                                                                channelRefs: { api.channelRefs(ids: $0) }))
        configuration.programName = "knocksh"
        // The shell's own rules (`sk_test_[REDACTED]`), then every key this session handed out.
        let secrets = api.secrets
        let basic = BasicSecretRedactor()
        configuration.redactor = ClosureRedactor { secrets.redact(basic.redact($0)) }
        let finished = configuration
        var output = ShellOutput.standard()
        let (result, error) = (output.result, output.error)
        output.result = { result(secrets.redact($0)) }
        output.error = { error(secrets.redact($0)) }
        let redactedOutput = output
        return blockOn { await Shell(evaluator: evaluator, configuration: finished, output: redactedOutput).run() }
    }

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
