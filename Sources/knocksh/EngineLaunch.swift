import Foundation
import KnockCommands
import KnockScript
import KnockServer

/// How knocksh starts the local engine for `run`, `-c` and `-f`.
enum EngineLaunch {
    /// `KNOCKSH_ENGINE_URL` points at an engine that is already running (a `knocksh serve`
    /// elsewhere, or a test's fake server; it enforces rate limits if it was started with
    /// `--rate-limits`); otherwise the engine starts in this process.
    static func launcher(rateLimits: Bool = false) -> any EngineLauncher {
        if let url = Environment.get("KNOCKSH_ENGINE_URL"), !url.isEmpty { return ExistingEngine(baseURL: url) }
        return InProcessEngine(rateLimits: rateLimits)
    }
}

/// The engine inside this process (`KnockServer`), on a free loopback port, with the workflows
/// of `--workflows` (or the one found upward from the recipes). In memory: a run's data is
/// thrown away with it. With `rateLimits` it answers 429 past Knock's tiers, per test
/// environment (each test has its own buckets), timed by `rateLimitClock` (the wall clock;
/// tests give one they step themselves).
struct InProcessEngine: EngineLauncher {
    var rateLimits = false
    var rateLimitClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    func start(workflowsDirectory: String?) async throws -> RunningEngine {
        var configuration = LocalEngineServer.Configuration(host: "127.0.0.1", port: 0, workflowsDirectory: workflowsDirectory,
                                                            enforceRateLimits: rateLimits)
        configuration.rateLimitClock = rateLimitClock
        let server = try await LocalEngineServer.start(configuration)
        return RunningEngine(baseURL: server.baseURL) { await server.shutdown() }
    }
}
