import KnockCommands
import KnockScript

/// How knocksh starts the local engine for `run`, `-c` and `-f`.
enum EngineLaunch {
    /// `KNOCKSH_ENGINE_URL` points at an engine that is already running (a `knocksh serve`
    /// elsewhere, or a test's fake server); otherwise the engine starts in this process.
    static func launcher() -> any EngineLauncher {
        if let url = Environment.get("KNOCKSH_ENGINE_URL"), !url.isEmpty { return ExistingEngine(baseURL: url) }
        return InProcessEngine()
    }
}

/// The engine inside this process. The engine's server library (`KnockServer`) is not part of
/// this build yet: until it is, the API commands explain how to reach an engine or Knock.
struct InProcessEngine: EngineLauncher {
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String {
            "this build of knocksh has no embedded engine yet; run against Knock with --api-url URL and KNOCK_API_KEY, or set KNOCKSH_ENGINE_URL to a running engine"
        }
    }

    func start(workflowsDirectory: String?) async throws -> RunningEngine {
        throw NotBuilt()
    }
}
