import KnockCommands
import KnockScript

/// Where the parts of knocksh meet: the script registry with the Knock API installed, and the
/// target the API commands go to (the embedded engine by default, or `--api-url`).
enum Wiring {
    /// Every command a script can call: the language's builtins and the whole Knock API.
    static func makeRegistry() -> CommandRegistry {
        KnockCommands.registry()
    }

    /// The run's target from the command line. `recipePath` is where the default `workflows/`
    /// search starts (the first recipe, or the working directory for `-c` and stdin).
    static func makeTarget(_ shared: SharedOptions, recipePath: String) throws(ProductionRefusal) -> any KnockTarget {
        let secrets = SecretBook()
        let envKey = Environment.get("KNOCK_API_KEY")
        // The key is a secret even when the run does not use it: a recipe could print $env.KNOCK_API_KEY.
        if let envKey { secrets.add([envKey]) }
        if let url = shared.apiURL {
            return try RemoteTarget(baseURL: url, apiKey: envKey ?? "", environmentName: Environment.get("KNOCK_ENVIRONMENT"),
                                    allowProduction: shared.allowProduction, secrets: secrets)
        }
        let workflows = shared.workflows ?? WorkflowsDirectory.find(from: recipePath)
        return LocalEngineTarget(launcher: EngineLaunch.launcher(rateLimits: shared.rateLimits), workflowsDirectory: workflows, secrets: secrets)
    }

    /// Hooks around each test: a fresh API session (a fresh engine environment) per test.
    static func makeLifecycle(_ target: any KnockTarget) -> any TestLifecycle {
        TargetLifecycle(target: target)
    }
}
