import Testing
@testable import KnockScript
import TestSupport

/// The hooks the CLI uses to give each test its own environment.
@Suite struct LifecycleTests {
    final class Recorder: TestLifecycle, @unchecked Sendable {
        let events = Locked<[String]>([])

        func beforeTest(_ test: TestCase, context: ExecutionContext) throws {
            events.withLock { $0.append("before \(test.name)") }
            if test.name == "refused" { throw ScriptError.connection("no engine for this test") }
            // A per-test command bound to this test's own state.
            let registry = context.registry.copy()
            let name = test.name
            registry.register(ClosureCommand(["env", "name"], summary: "this test's environment") { _ in .string("env-\(name)") })
            context.registry = registry
            context.attach(name)
        }

        func afterTest(_ test: TestCase, context: ExecutionContext, status: TestStatus) {
            let attached = context.attachment(String.self) ?? "-"
            events.withLock { $0.append("after \(test.name) \(status.rawValue) \(attached)") }
        }
    }

    @Test func hooksWrapEveryTestWithItsOwnRegistryAndAttachments() throws {
        let dir = try temporaryDirectory(["a.knock": """
        test "one" { expect (env name) == "env-one" }
        test "two" { expect (env name) == "env-one" }
        test "refused" { print "never runs" }
        """])
        let lifecycle = Recorder()
        var options = RunOptions()
        options.jobs = 1
        let runner = Runner(registry: .standard(), lifecycle: lifecycle, options: options)
        var results: [TestResult] = []
        final class Collect: TestReporter {
            var results: [TestResult] = []
            func runStarted(_ tests: [TestCase]) {}
            func testFinished(_ result: TestResult) { results.append(result) }
            func runFinished(_ results: [TestResult], summary: RunSummary) {}
        }
        let collect = Collect()
        let summary = try runner.run(paths: [dir], reporters: [collect])
        results = collect.results
        #expect(results.map(\.status) == [.passed, .failed, .errored])
        #expect(results[2].error?.kind == .connection)
        #expect(summary.exitCode == ExitStatus.error)
        #expect(lifecycle.events.value == [
            "before one", "after one passed one",
            "before two", "after two failed two",
            "before refused", "after refused errored -",
        ])
    }
}
