import KnockCommands
import KnockScript
import KnockServer

/// How knocksh starts the local engine for `run`, `-c` and `-f`.
enum EngineLaunch {
    /// `KNOCKSH_ENGINE_URL` points at an engine that is already running (a `knocksh serve`
    /// elsewhere, or a test's fake server); otherwise the engine starts in this process.
    static func launcher() -> any EngineLauncher {
        if let url = Environment.get("KNOCKSH_ENGINE_URL"), !url.isEmpty { return ExistingEngine(baseURL: url) }
        return InProcessEngine()
    }
}

/// The engine inside this process (`KnockServer`), on a free loopback port, with the workflows
/// of `--workflows` (or the one found upward from the recipes). In memory: a run's data is
/// thrown away with it.
struct InProcessEngine: EngineLauncher {
    func start(workflowsDirectory: String?) async throws -> RunningEngine {
        let server = try await LocalEngineServer.start(.init(host: "127.0.0.1", port: 0, workflowsDirectory: workflowsDirectory))
        return RunningEngine(baseURL: server.baseURL) { await server.shutdown() }
    }
}
