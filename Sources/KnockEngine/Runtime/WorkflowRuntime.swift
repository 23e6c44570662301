import Foundation
import KnockCore

/// One environment's workflow runtime: it accepts triggers and cancels, runs workflows on its
/// own serial executor in arrival order, keeps the runs' state, and owns the environment's
/// virtual clock and timers. Storage sits behind `RecipientDirectory` and `MessageStore`.
///
/// Threading: requests (trigger, cancel, reads, clock calls) may come from any thread. A trigger
/// validates and identifies inline recipients on the caller's thread and returns at once; the
/// runs execute on `executor`. Reads hop onto the executor, so anything triggered before a read
/// is visible to it.
///
/// ```swift
/// let runtime = WorkflowRuntime(directory: InMemoryRecipientDirectory(), messages: InMemoryMessageStore())
/// runtime.load(workflows: WorkflowLoader(directory: dir).load().definitions)
/// let reply = try runtime.trigger(workflowKey: "welcome", body: ["recipients": ["u1"]], idempotencyKey: nil)
/// reply.json                       // {"workflow_run_id": "…"}
/// runtime.advance(by: 600)         // fires delays and batch windows due in the next 10 minutes
/// runtime.listMessages(MessageQuery()).first?["status"]
/// ```
public final class WorkflowRuntime: @unchecked Sendable {
    /// Settings that do not change while the runtime runs.
    public struct Configuration: Sendable {
        /// Shown in delivery logs (`environment_id`).
        public var environmentID: UUID
        /// `vars` for templates (environment variables).
        public var vars: JSON
        /// The environment's default preference set, under every recipient's.
        public var environmentDefaultPreferences: JSON?
        /// Scheduled (default: on the clock, as Knock) or immediate provider retries.
        public var deliveryRetries: DeliveryPlan.Retries
        /// Answers simulated webhook deliveries; nil answers 200 `{ok: true}`.
        public var webhookResponder: WebhookProvider.Responder?
        /// Performs `http_fetch` requests.
        public var fetcher: any HTTPFetcher
        public var preferenceOptions: PreferenceEvaluator.Options
        /// Closed when a workflow with an `http_fetch` step is loaded (the engine's gate; nil: none).
        public var networkWaits: NetworkWaitGate?

        public init(environmentID: UUID = UUID(), vars: JSON = [:], environmentDefaultPreferences: JSON? = nil,
                    deliveryRetries: DeliveryPlan.Retries = .scheduled, webhookResponder: WebhookProvider.Responder? = nil,
                    fetcher: any HTTPFetcher = OfflineFetcher(), preferenceOptions: PreferenceEvaluator.Options = .init(),
                    networkWaits: NetworkWaitGate? = nil) {
            self.networkWaits = networkWaits
            self.environmentID = environmentID
            self.vars = vars
            self.environmentDefaultPreferences = environmentDefaultPreferences
            self.deliveryRetries = deliveryRetries
            self.webhookResponder = webhookResponder
            self.fetcher = fetcher
            self.preferenceOptions = preferenceOptions
        }
    }

    /// A trigger's answer: the body and whether it was replayed from the idempotency cache
    /// (then the server adds `idempotent-replayed: true`).
    public struct TriggerReply: Sendable, Hashable {
        public var json: JSON
        public var replayed: Bool
        public var workflowRunID: String { json["workflow_run_id"]?.stringValue ?? "" }
    }

    public let configuration: Configuration
    public let clock: VirtualClock
    public let directory: RecipientDirectory
    public let messages: MessageStore
    /// Where finished and paused runs are written for `workflow_recipient_runs` (nil: only in memory).
    public let runStore: RunStore?
    /// Stored schedules the clock fires (nil: a runtime without a store, as in unit tests).
    public let schedules: ScheduleSource?
    /// Where in-flight state (paused runs, batches, timers, the clock …) is kept across restarts
    /// (nil: only in memory). See `RuntimePersistence`.
    public let stateStore: RuntimeStateStore?
    public let failureInjector = FailureInjector()
    public let idempotency: IdempotencyCache
    /// The serial executor every run, timer and read goes through.
    let executor: DispatchQueue
    let executorKey = DispatchSpecificKey<Bool>()

    // Definitions: read on request threads, so behind a lock.
    private let definitionsLock = NSLock()
    private var workflowsByKey: [String: LoadedWorkflow] = [:]
    private var inactiveKeys: Set<String> = []
    private var channelRegistry = ChannelRegistry()
    private var layoutsByKey: [String: EmailLayout] = [:]

    // Executor-confined state.
    var timers = TimerQueue<TimerAction>()
    /// Live runs (queued, paused, or still part of an open batch). With a run store, a finished
    /// run leaves at the end of its job (`evictFinishedRuns`); reads of it come from the store.
    var runs: [String: RecipientRun] = [:]
    /// `runs`' ids in creation order; evicted ids are dropped in bulk now and then.
    var runOrder: [String] = []
    var batches: [BatchIdentity: OpenBatch] = [:]
    var throttles: [String: ThrottleWindow] = [:]
    var frequencyLog: Set<String> = []
    var pendingDeliveries: [String: PendingDelivery] = [:]
    /// The held ones a cancel can withdraw, by cancellation key.
    var heldDeliveries = HeldDeliveries()
    var jobs: [() -> Void] = []
    /// Jobs from `enqueue` waiting for the next drain (any thread, behind `queueLock`).
    private let queueLock = NSLock()
    private var queuedJobs: [Job] = []
    private var drainScheduled = false
    /// A drain, or a job `runNowIfIdle` took inline, is running on the executor.
    private var executorBusy = false
    var armedWakeup: Date?
    /// What changed since the state was last written (`RuntimePersistence`).
    var persistence = PersistenceTracker()
    /// Recipient reads memoized for the job running now (`withLookupCache`).
    var lookups: LookupCache?
    let templates = TemplateCache()
    /// `workflow` scopes by version id, without `cancellation_key` (`workflowScope`).
    var workflowScopes: [String: JSON] = [:]
    lazy var conditions = ConditionEvaluator(liquid: { [templates] source, context in
        try templates.render(source, .object(context.scope), options: LiquidRenderOptions(now: context.now))
    })
    lazy var preferences = PreferenceEvaluator(conditions: conditions, options: configuration.preferenceOptions)

    public init(configuration: Configuration = Configuration(), clock: VirtualClock = VirtualClock(),
                directory: RecipientDirectory, messages: MessageStore, runStore: RunStore? = nil, schedules: ScheduleSource? = nil,
                stateStore: RuntimeStateStore? = nil) {
        self.configuration = configuration
        self.clock = clock
        self.directory = directory
        self.messages = messages
        self.runStore = runStore
        self.schedules = schedules
        self.stateStore = stateStore
        self.idempotency = IdempotencyCache(onChange: Self.idempotencyWriter(stateStore))
        self.executor = DispatchQueue(label: "knocksh.runtime.\(configuration.environmentID)")
        executor.setSpecific(key: executorKey, value: true)
    }

    // MARK: Definitions

    /// Adds or replaces workflows (each becomes the active, committed version) and registers the
    /// channels their steps name.
    @discardableResult
    public func load(workflows: [WorkflowDefinition]) -> [WorkflowDiagnostic] {
        load(prepared: workflows.map(LoadedWorkflow.init(definition:)))
    }

    /// `load(workflows:)` with the version ids already computed: `RuntimeRegistry` computes them
    /// once for all environments (hashing every definition per new environment was ~8% of a
    /// scenario run).
    @discardableResult
    func load(prepared: [LoadedWorkflow]) -> [WorkflowDiagnostic] {
        // Before any of them can be triggered: from here on a run may wait on the network.
        if prepared.contains(where: \.mayWaitOnNetwork) { configuration.networkWaits?.allowNetworkWaits() }
        return definitionsLock.withLock {
            for wf in prepared { workflowsByKey[wf.definition.key] = wf }
            return channelRegistry.register(workflows: prepared.map(\.definition))
        }
    }

    /// Replaces the channel registry (from `channels.json`), keeping channels workflows need.
    public func configure(channels: ChannelRegistry) {
        definitionsLock.withLock {
            channelRegistry = channels
            channelRegistry.register(workflows: workflowsByKey.values.map(\.definition))
        }
    }

    public var channels: ChannelRegistry { definitionsLock.withLock { channelRegistry } }

    /// Adds or replaces email layouts (by key), which email steps name in `settings.layout_key`.
    public func load(layouts: [EmailLayout]) {
        definitionsLock.withLock { for l in layouts { layoutsByKey[l.key] = l } }
    }

    public func layout(_ key: String) -> EmailLayout? { definitionsLock.withLock { layoutsByKey[key] } }

    /// Knock's environment-level kill switch: an inactive workflow refuses triggers.
    public func setActive(_ key: String, _ active: Bool) {
        definitionsLock.withLock { if active { inactiveKeys.remove(key) } else { inactiveKeys.insert(key) } }
    }

    public func workflow(_ key: String) -> WorkflowDefinition? { definitionsLock.withLock { workflowsByKey[key]?.definition } }

    func loadedWorkflow(_ key: String) throws(EngineError) -> LoadedWorkflow {
        let (found, inactive) = definitionsLock.withLock { (workflowsByKey[key], inactiveKeys.contains(key)) }
        guard let found else { throw EngineError.workflowMissing(key) }
        guard !inactive else { throw EngineError.workflowInactive(key) }
        return found
    }

    // MARK: Executor

    /// Runs `body` on the executor and waits for it; re-entrant (runs inline when already there).
    func onExecutor<T>(_ body: () throws -> T) rethrows -> T {
        if DispatchQueue.getSpecific(key: executorKey) == true { return try body() }
        return try executor.sync { try messages.batchingWrites(body) }
    }

    /// Queues work for the executor, behind every trigger already accepted. Jobs queued while the
    /// executor is busy run together in one drain: one transaction for all their messages and runs
    /// (a COMMIT per one-recipient trigger was a large part of its cost under load). A read queued
    /// after `enqueue` returns still runs after the job: the drain that takes it is already queued
    /// ahead of the read, or is scheduled here.
    func enqueue(_ body: @escaping () -> Void) {
        let scheduleDrain: Bool = queueLock.withLock {
            queuedJobs.append(Job(body))
            if drainScheduled { return false }
            drainScheduled = true
            return true
        }
        guard scheduleDrain else { return }
        executor.async { [self] in
            let batch: [Job] = queueLock.withLock {
                drainScheduled = false
                executorBusy = true
                defer { queuedJobs.removeAll() }
                return queuedJobs
            }
            defer { queueLock.withLock { executorBusy = false } }
            run(batch.map(\.body))
        }
    }

    /// On the executor: runs accepted jobs in order, with one transaction and one lookup cache for
    /// all of them (every trigger among them was accepted, and its inline recipients identified,
    /// before they began, so they may share recipient reads — many one-recipient triggers for the
    /// same users read each user once); timers are armed after the last. The final commit is left
    /// to the store's committer thread: the executor takes the next drain (or the trigger is
    /// answered) while SQLite stores this one, and any read waits for it.
    private func run(_ batch: [() -> Void]) {
        messages.batchingWrites(inBackground: true) {
            withLookupCache {
                for (i, body) in batch.enumerated() {
                    body()
                    runJobs(arm: i == batch.count - 1)
                }
            }
        }
    }

    /// From a request thread: `enqueue`; from the executor itself (a trigger-workflow step): `schedule(job:)`.
    func submit(_ body: @escaping () -> Void) {
        if DispatchQueue.getSpecific(key: executorKey) == true { schedule(job: body) } else { enqueue(body) }
    }

    /// Like `submit`, but when the executor has nothing running or queued the job runs at once on
    /// the calling thread's turn of the executor and is done when this returns (its commit may
    /// still be under way on the store's committer thread; reads wait for it). For a small
    /// trigger that saves waking the executor's thread and keeps the run from competing with its
    /// own answer for a core (trigger → message visible over HTTP); once triggers queue up, they
    /// go through `enqueue` and are drained together as before.
    func runNowIfIdle(_ body: @escaping () -> Void) {
        if DispatchQueue.getSpecific(key: executorKey) == true { return schedule(job: body) }
        let idle: Bool = queueLock.withLock {
            guard !drainScheduled, !executorBusy else { return false }
            executorBusy = true
            return true
        }
        guard idle else { return enqueue(body) }
        defer { queueLock.withLock { executorBusy = false } }
        executor.sync { run([body]) }
    }

    /// Work produced while on the executor (child triggers) runs after the current step, before
    /// the executor yields, so a clock advance that causes it also sees its effects.
    func schedule(job: @escaping () -> Void) { jobs.append(job) }

    func runJobs(arm: Bool = true) {
        while !jobs.isEmpty {
            let job = jobs.removeFirst()
            job()
        }
        // The end of an executor job: what it changed is written before anything else runs.
        if arm {
            let touched = persistence.runs
            saveState()
            evictFinishedRuns(touched)
            armWakeup()
        }
    }

    /// Waits until every accepted trigger and due timer has been processed.
    public func drain() { onExecutor { runJobs() } }
}

/// A workflow definition with the version id its messages carry (`source.version_id`).
struct LoadedWorkflow: Sendable {
    let definition: WorkflowDefinition
    let versionID: String
    /// Whether a run of it may wait on the network (an `http_fetch` step anywhere in it).
    let mayWaitOnNetwork: Bool

    init(definition: WorkflowDefinition) {
        self.definition = definition
        // Same content, same version id: reloading an unchanged workflow keeps it.
        self.versionID = UUIDText.lowercased(DeterministicID.uuid("workflow/\(definition.key)/\(JSON.object(definition.raw).serialized())"))
        self.mayWaitOnNetwork = definition.steps.contains(where: \.mayWaitOnNetwork)
    }
}

/// Work handed to the executor. The closures touch only executor-confined state, which is
/// what makes sending them across safe.
final class Job: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// What a timer does when it fires.
enum TimerAction: Sendable, Hashable {
    case resumeRun(String)
    case closeBatch(BatchIdentity)
    case retryDelivery(String)
}
