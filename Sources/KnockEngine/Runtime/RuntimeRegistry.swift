import Foundation
import KnockCore

/// The engine's workflow runtimes, one per environment, created on first use and sharing the
/// workflow definitions and channels loaded from `--workflows DIR`.
///
/// ```swift
/// let runtime = engine.runtime(env)
/// try runtime.trigger(workflowKey: "welcome", body: body, idempotencyKey: nil)
/// engine.runtimes.diagnostics   // bad workflow files: path, field, message
/// ```
public final class RuntimeRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var byEnvironment: [String: WorkflowRuntime] = [:]
    public private(set) var definitions: [WorkflowDefinition] = []
    /// `definitions` with their version ids, computed once for every environment's runtime.
    private var prepared: [LoadedWorkflow] = []
    public private(set) var channels = ChannelRegistry()
    /// Email layouts from `layouts/` beside (or inside) the workflows directory.
    public private(set) var layouts: [EmailLayout] = []
    /// Problems found loading workflows and channels; the rest still loaded.
    public private(set) var diagnostics: [WorkflowDiagnostic] = []

    /// `networkWaits` is closed here when a loaded workflow has an `http_fetch` step.
    init(workflowsDirectory: String?, networkWaits: NetworkWaitGate) {
        guard let dir = workflowsDirectory else { return }
        let url = URL(fileURLWithPath: dir)
        let (registry, channelProblems) = ChannelConfigLoader.load(directory: url)
        let result = WorkflowLoader(directory: url).load()
        var channels = registry
        let warnings = channels.register(workflows: result.definitions)
        self.channels = channels
        self.definitions = result.definitions
        self.prepared = result.definitions.map(LoadedWorkflow.init(definition:))
        // Closed now, before any request: a runtime is created inside the first request that
        // needs it, possibly one answered inside the gate, whose own load must not wait for it.
        if prepared.contains(where: \.mayWaitOnNetwork) { networkWaits.allowNetworkWaits() }
        let layoutResult = EmailLayoutLoader(workflowsDirectory: url).load()
        self.layouts = layoutResult.layouts.values.sorted { $0.key < $1.key }
        self.diagnostics = channelProblems + result.diagnostics + warnings + layoutResult.diagnostics
    }

    func runtime(for env: Environment, engine: Engine) -> WorkflowRuntime {
        let (runtime, created) = make(for: env, engine: engine)
        // Outside the lock: restoring fires what came due, and firing may ask the engine for this
        // runtime (its clock). Environments with saved state get their runtime when the engine
        // starts (`resumeRuntimes`), before any request can reach them.
        if created { runtime.restoreState(missedSchedules: engine.configuration.missedSchedules) }
        return runtime
    }

    private func make(for env: Environment, engine: Engine) -> (WorkflowRuntime, Bool) {
        lock.withLock {
            if let r = byEnvironment[env.id] { return (r, false) }
            let config = WorkflowRuntime.Configuration(environmentID: UUIDText.parse(env.id) ?? UUID(),
                                                       environmentDefaultPreferences: engine.currentSettings(env).defaultPreferenceSet.map(JSON.object),
                                                       fetcher: engine.configuration.fetcher, networkWaits: engine.networkWaits)
            // One write buffer: a job's messages, runs and saved state are committed in one transaction.
            let writes = StoreWriteBuffer(store: engine.store)
            let runtime = WorkflowRuntime(configuration: config, clock: VirtualClock(wall: engine.configuration.wallClock), directory: EngineRecipientDirectory(engine: engine, environment: env),
                                          messages: SQLiteMessageStore(store: engine.store, environment: env, writes: writes),
                                          runStore: SQLiteRunStore(store: engine.store, environment: env, writes: writes),
                                          schedules: EngineScheduleSource(engine: engine, environment: env),
                                          stateStore: SQLiteRuntimeStateStore(store: engine.store, environment: env, writes: writes))
            runtime.configure(channels: channels)
            runtime.load(prepared: prepared)
            runtime.load(layouts: layouts)
            for c in runtime.channels.channels {
                if let name = Self.providerName(c) { engine.channelProviders.register(channelID: c.idText, provider: name) }
            }
            byEnvironment[env.id] = runtime
            return (runtime, true)
        }
    }

    /// The provider names channel data validation knows (`push_fcm`, `chat_slack`, ...).
    /// Only push and chat channel data has a provider-specific shape.
    static func providerName(_ c: Channel) -> String? {
        switch (c.type, c.provider) {
        case (.push, "onesignal"): return "push_one_signal"
        case (.push, "sns"): return "push_aws_sns"
        case (.push, let p): return "push_\(p)"
        case (.chat, "msteams"): return "chat_ms_teams"
        case (.chat, let p): return "chat_\(p)"
        default: return nil
        }
    }

    /// The runtime of an environment that already has one (e.g. for its clock), without creating it.
    func existing(_ env: Environment) -> WorkflowRuntime? { lock.withLock { byEnvironment[env.id] } }

    /// Every runtime started so far.
    var all: [WorkflowRuntime] { lock.withLock { Array(byEnvironment.values) } }
}

extension Engine {
    /// The workflow runtime of an environment (created on first use).
    public func runtime(_ env: Environment) -> WorkflowRuntime { runtimes.runtime(for: env, engine: self) }
}
