import Foundation
import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing
import TestSupport

/// The embedded-engine target (against a fake admin API) and the remote target's guard.
@Suite struct TargetTests {
    /// An engine double: environments made and deleted through `/_admin`, users echoed back.
    static func engine() throws -> (FakeKnock, Counter) {
        let made = Counter()
        let fake = try FakeKnock { r in
            switch (r.method, r.path) {
            case ("POST", "/_admin/environments"):
                let n = made.next()
                return .json(["id": .string("env_\(n)"), "name": r.body?["name"] ?? nil,
                              "secret_key": .string("sk_env\(n)_0123456789abcdef"), "publishable_key": .string("pk_env\(n)_0123456789abcdef")], status: 201)
            case ("DELETE", _): return .noContent
            default: return .json(["key": .string(r.header("Authorization") ?? "")])
            }
        }
        return (fake, made)
    }

    @Test func eachTestGetsItsOwnEnvironmentOnlyWhenItCallsTheAPI() async throws {
        let (fake, _) = try Self.engine()
        defer { fake.stop() }
        let dir = try temporaryDirectory([
            "a.knock": "test \"one\" { print (users get u1).key }\ntest \"two\" { print (users get u1).key }\ntest \"pure\" { print 1 }",
        ])
        let target = LocalEngineTarget(launcher: ExistingEngine(baseURL: fake.baseURL), workflowsDirectory: nil)
        defer { target.shutdown() }
        var options = RunOptions()
        options.jobs = 2
        let (summary, results) = try await runRecipes(dir, target: target, options: options)
        #expect(summary.passed == 3, "\(results.map { "\($0.status) \($0.error?.description ?? "")" })")
        try #require(results.count == 3)
        let outputs = results.map(\.output)
        #expect(Set(outputs.prefix(2)).count == 2, "each test used its own key: \(outputs)")
        #expect(outputs[0].hasPrefix("Bearer sk_env"))
        let admin = fake.requests.filter { $0.path.hasPrefix("/_admin/environments") }
        #expect(admin.filter { $0.method == "POST" }.count == 2)
        #expect(Set(admin.filter { $0.method == "DELETE" }.map(\.path)) == ["/_admin/environments/env_1", "/_admin/environments/env_2"])
        #expect(admin.filter { $0.method == "POST" }.compactMap { $0.body?["name"]?.stringValue }.allSatisfy { $0.hasSuffix("::one") || $0.hasSuffix("::two") })
        // The keys the engine handed out are secrets of the run.
        #expect(target.secrets.secrets.contains("sk_env1_0123456789abcdef"))
    }

    @Test func anEngineThatDoesNotStartErrorsEveryTestThatNeedsIt() async throws {
        struct Broken: EngineLauncher {
            struct Failure: Error {}
            func start(workflowsDirectory: String?) async throws -> RunningEngine { throw Failure() }
        }
        let target = LocalEngineTarget(launcher: Broken(), workflowsDirectory: nil)
        let dir = try temporaryDirectory(["a.knock": "test \"api\" { users get u1 }\ntest \"pure\" { print 1 }"])
        let (summary, results) = try await runRecipes(dir, target: target, options: RunOptions())
        #expect(summary.errored == 1 && summary.passed == 1)
        try #require(results.count == 2)
        #expect(results[0].error?.kind == .connection)
        #expect(results[0].error?.message.contains("the embedded engine did not start") == true)
    }

    @Test func productionGuardReadsTheNamesItCanSee() async {
        let knock = "https://api.knock.app"
        #expect(ProductionGuard.evidence(apiURL: knock, apiKey: "sk_test_abcdef123456", environmentName: nil) == nil)
        #expect(ProductionGuard.evidence(apiURL: knock, apiKey: "sk_test_abcdef123456", environmentName: "development") == nil)
        #expect(ProductionGuard.evidence(apiURL: knock, apiKey: "sk_test_x", environmentName: "Production") != nil)
        #expect(ProductionGuard.evidence(apiURL: knock, apiKey: "sk_test_x", environmentName: "eu-prod") != nil)
        #expect(ProductionGuard.evidence(apiURL: "https://knock-proxy.prod.example.com", apiKey: nil, environmentName: nil) != nil)
        #expect(ProductionGuard.evidence(apiURL: knock, apiKey: "sk_live_abcdef123456", environmentName: nil) != nil)
        // A word inside another word is not production.
        #expect(ProductionGuard.evidence(apiURL: "https://products.example.com", apiKey: "sk_test_product12345", environmentName: "reproduction") == nil)
        #expect(throws: ProductionRefusal.self) {
            try RemoteTarget(baseURL: knock, apiKey: "sk_test_abcdef123456", environmentName: "production", allowProduction: false)
        }
        #expect(throws: Never.self) {
            try RemoteTarget(baseURL: knock, apiKey: "sk_test_abcdef123456", environmentName: "production", allowProduction: true).shutdown()
        }
    }

    @Test func workflowsAreFoundUpwardFromTheRecipe() async throws {
        let dir = try temporaryDirectory(["recipes/workflows/welcome/workflow.json": "{}", "recipes/deep/x.knock": "print 1"])
        #expect(WorkflowsDirectory.find(from: dir + "/recipes/deep/x.knock") == dir + "/recipes/workflows")
        #expect(WorkflowsDirectory.find(from: dir) == dir + "/recipes/workflows")
        let bare = try temporaryDirectory(["x.knock": "print 1"])
        #expect(WorkflowsDirectory.find(from: bare + "/x.knock") == nil)
    }
}

/// Runs the recipes under `dir` with the target, off the cooperative pool (see `offPool`).
func runRecipes(_ dir: String, target: any KnockTarget, options: RunOptions) async throws -> (RunSummary, [TestResult]) {
    let box = UncheckedBox(target)
    let outcome = await offPool { () -> UncheckedBox<Result<(RunSummary, [TestResult]), Runner.PathError>> in
        let collector = Collector()
        let result = Result { () throws(Runner.PathError) in
            try Runner(registry: KnockCommands.registry(), lifecycle: TargetLifecycle(target: box.value), options: options)
                .run(paths: [dir], reporters: [collector])
        }
        return UncheckedBox(result.map { ($0, collector.results) })
    }
    return try outcome.value.get()
}

final class Collector: TestReporter {
    var results: [TestResult] = []
    func runStarted(_ tests: [TestCase]) {}
    func testFinished(_ result: TestResult) { results.append(result) }
    func runFinished(_ results: [TestResult], summary: RunSummary) {}
}
