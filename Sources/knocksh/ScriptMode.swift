#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import KnockCommands
import KnockCore
import KnockScript

/// Runs one script for `-c`, `-f` and stdin: output straight to stdout, problems to stderr.
/// A script with `test` blocks runs as tests, like `knocksh run`.
enum ScriptMode {
    static func run(_ program: Program, shared: SharedOptions) -> Int32 {
        let variables = (try? shared.parsedVariables()) ?? [:]
        // `-c` and stdin look for workflows from the working directory, `-f` from the file.
        let recipePath = program.file.path.hasPrefix("<") ? "." : program.file.path
        let target: any KnockTarget
        do {
            target = try Wiring.makeTarget(shared, recipePath: recipePath)
        } catch {
            Console.writeStderr("knocksh: \(error)\n")
            return ExitStatus.usage
        }
        defer { target.shutdown() }
        let secrets = target.secrets
        let module: CompiledModule
        do {
            module = try Compiler.compile(program)
        } catch {
            Output.report(error.diagnostics, color: shared.colorForStderr, secrets: secrets)
            return ExitStatus.error
        }
        Interrupt.install()
        let hasTestBlocks = program.statements.contains { if case .test = $0.kind { return true } else { return false } }
        if hasTestBlocks {
            var options = RunOptions()
            options.variables = variables
            let runner = Runner(registry: Wiring.makeRegistry(), lifecycle: Wiring.makeLifecycle(target), options: options)
            let reporter = ConsoleReporter(color: shared.colorForStdout) { Console.writeStdout(secrets.redact($0)) }
            do {
                let summary = try runner.run(program: program, reporters: [reporter])
                return Interrupt.requested ? 130 : summary.exitCode
            } catch {
                Console.writeStderr("knocksh: \(secrets.redact("\(error)"))\n")
                return ExitStatus.error
            }
        }
        let context = ExecutionContext(registry: Wiring.makeRegistry(), output: RedactingOutput(StandardOutput(), secrets: secrets), variables: variables)
        context.workingDirectory = FileSystem.directory(of: program.file.path)
        let test = TestCase(file: program.file.path, name: module.tests[0].name, line: 1, index: 0)
        let lifecycle: (any TestLifecycle)? = Wiring.makeLifecycle(target)
        let (status, error) = ScriptThread.run { () -> (TestStatus, ScriptError?) in
            do {
                try lifecycle?.beforeTest(test, context: context)
            } catch {
                return (.errored, (error as? ScriptError) ?? ScriptError.runtime("\(error)"))
            }
            // Compile on this thread: compiled closures never cross threads.
            guard let local = try? Compiler.compile(program) else { return (.errored, nil) }
            let outcome = local.run(test: 0, context: context)
            lifecycle?.afterTest(test, context: context, status: outcome.0)
            return outcome
        }
        if Interrupt.requested {
            Console.writeStderr("knocksh: interrupted\n")
            return 130
        }
        switch status {
        case .passed:
            return ExitStatus.success
        case .skipped:
            Console.writeStderr(secrets.redact("skipped: \(error?.message ?? "")\n"))
            return ExitStatus.success
        case .failed, .errored:
            if let error {
                let renderer = DiagnosticRenderer(color: shared.colorForStderr, label: status == .failed ? "failure" : "error")
                Console.writeStderr(secrets.redact(renderer.render(error.diagnostic)))
            }
            return status == .failed ? ExitStatus.failure : ExitStatus.error
        }
    }
}

enum Output {
    /// Writes diagnostics to stderr; with `secrets`, hidden from them (a source line may hold a key).
    static func report(_ diagnostics: [Diagnostic], color: Bool, secrets: SecretBook? = nil) {
        let renderer = DiagnosticRenderer(color: color)
        for d in diagnostics {
            let text = renderer.render(d)
            Console.writeStderr(secrets?.redact(text) ?? text)
        }
    }
}

func readStandardInput() -> String {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(0, &buffer, buffer.count)
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
