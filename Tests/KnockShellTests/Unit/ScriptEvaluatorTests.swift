import Foundation
import Testing
import KnockCore
import KnockScript
import KnockShell
@testable import KnockShellScript

/// The real language behind the shell's evaluator seam, without a terminal.
@Suite struct ScriptEvaluatorTests {
    static func makeEvaluator(_ registry: CommandRegistry = .standard()) -> ScriptEvaluator {
        ScriptEvaluator(printsImmediately: false) { ExecutionContext(registry: registry) }
    }

    @Test func variablesPersistAndLetShowsTheBoundValue() async throws {
        let e = Self.makeEvaluator()
        let bound = try await e.evaluate("let run = {workflow_run_id: \"abc\", n: 1}", cancellation: ShellCancellation())
        #expect(bound.boundVariable == "run")
        #expect(bound.value == ["workflow_run_id": "abc", "n": 1])
        let field = try await e.evaluate("$run.n + 41", cancellation: ShellCancellation())
        #expect(field.value == 42)
        #expect(field.boundVariable == nil)
        #expect(e.variables.map(\.name) == ["run"])
        let printed = try await e.evaluate("print \"hi\" $run.workflow_run_id", cancellation: ShellCancellation())
        #expect(printed.output == "hi abc\n")
        #expect(printed.value == nil)
    }

    @Test func errorsCarryTheSourceLineACaretAndTheHint() async throws {
        let e = Self.makeEvaluator()
        _ = try await e.evaluate("let x = 1", cancellation: ShellCancellation())
        do {
            _ = try await e.evaluate("print $y", cancellation: ShellCancellation())
            Issue.record("expected an error")
        } catch let p as ScriptProblem {
            #expect(p.message.contains("| print $y\n"))
            #expect(p.message.contains("|       ^"))
        }
        do {
            _ = try await e.evaluate("let = 1", cancellation: ShellCancellation())
            Issue.record("expected a syntax error")
        } catch let p as ScriptProblem {
            #expect(p.kind == nil)
        }
        // The session survives its errors.
        #expect(try await e.evaluate("$x", cancellation: ShellCancellation()).value == 1)
    }

    @Test func ctrlCStopsASleepAndTheNextInputStillRuns() async throws {
        let e = Self.makeEvaluator()
        let cancellation = ShellCancellation()
        // An OS thread, as the shell's signal thread is: under a loaded test run the
        // cooperative pool may not get to a Task for many seconds.
        Thread.detachNewThread {
            usleep(200_000)
            cancellation.cancel()
        }
        // A sleep that ran its 30 s would succeed; only Ctrl-C makes it throw this.
        await #expect(throws: ShellCancelledError.self) {
            _ = try await e.evaluate("sleep 30s", cancellation: cancellation)
        }
        #expect(try await e.evaluate("1 + 1", cancellation: ShellCancellation()).value == 2)
    }

    @Test func needsMoreInputFollowsTheLanguage() {
        let e = Self.makeEvaluator()
        #expect(e.needsMoreInput("let r = {a: 1,"))
        #expect(e.needsMoreInput("let xs = [1, 2] |"))
        #expect(e.needsMoreInput("print \"open"))
        #expect(!e.needsMoreInput("let r = {a: 1}"))
        #expect(!e.needsMoreInput("}"))
    }

    @Test func helpIsNotRecordedAndResetStartsOver() async throws {
        let e = Self.makeEvaluator()
        #expect(try await e.evaluate("help", cancellation: ShellCancellation()).recordable == false)
        _ = try await e.evaluate("let a = 1", cancellation: ShellCancellation())
        try await e.reset()
        #expect(e.variables.isEmpty)
        await #expect(throws: ScriptProblem.self) {
            _ = try await e.evaluate("$a", cancellation: ShellCancellation())
        }
    }

    @Test func completionOffersRegisteredCommandsTheirOptionsAndVariableFields() async throws {
        let registry = CommandRegistry.standard()
        registry.register(ClosureCommand(["users", "get"], summary: "Get a user", usage: "users get USER_ID") { _ in .null })
        registry.register(ClosureCommand(["users", "list"], summary: "List users",
                                         usage: "users list [--page-size N] [--after CURSOR]") { _ in .null })
        let e = Self.makeEvaluator(registry)
        _ = try await e.evaluate("let run = {workflow_run_id: \"abc\"}", cancellation: ShellCancellation())
        let engine = CompletionEngine(catalog: RegistryCatalog(registry: registry), variables: { e.variables })
        #expect(engine.complete(line: "use", cursor: 3) == ["users"])
        #expect(engine.complete(line: "users l", cursor: 7) == ["list"])
        #expect(engine.complete(line: "users list --p", cursor: 14) == ["--page-size"])
        #expect(engine.complete(line: "$run.wo", cursor: 7) == ["$run.workflow_run_id"])
        #expect(RegistryCatalog.optionNames(in: "x [--a-b N] [-c] --dd|--ee") == ["--a-b", "--dd", "--ee"])
    }
}
