import Foundation
import KnockCore

/// The local Knock engine: environments and their data, with no HTTP in sight. KnockServer maps
/// requests onto its methods; tests call them directly.
///
/// Domain operations are extensions in one file per resource (`Recipients/Users.swift`,
/// `Recipients/Objects.swift`, ...), each taking the `Environment` first.
///
/// ```swift
/// let engine = try Engine(configuration: .init(databasePath: nil))
/// let env = try engine.environments.create(name: "demo")
/// let user = try engine.identifyUser(env, id: "u1", body: ["name": "Ada"])
/// let page = try engine.listUsers(env, page: PageRequest(pageSize: 10))
/// ```
public final class Engine: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// nil: in memory. A path: a WAL database file that survives restarts.
        public var databasePath: String?
        /// Where workflow definitions live (read by the workflow runtime).
        public var workflowsDirectory: String?
        /// Runs queued bulk operations in the background. Tests of the queued state turn it off.
        public var processBulkOperations: Bool
        /// Performs the `http_fetch` steps' requests (the server passes one on AsyncHTTPClient).
        public var fetcher: any HTTPFetcher
        /// Schedule occurrences that came due while a `--db` file was closed: skipped (default) or fired.
        public var missedSchedules: MissedSchedules
        /// Wall time under the environment clocks; tests move it to stand for a server that was down.
        public var wallClock: @Sendable () -> Date

        public init(databasePath: String? = nil, workflowsDirectory: String? = nil, processBulkOperations: Bool = true,
                    fetcher: any HTTPFetcher = OfflineFetcher(), missedSchedules: MissedSchedules = .skip,
                    wallClock: @escaping @Sendable () -> Date = { Date() }) {
            self.wallClock = wallClock
            self.databasePath = databasePath
            self.workflowsDirectory = workflowsDirectory
            self.processBulkOperations = processBulkOperations
            self.fetcher = fetcher
            self.missedSchedules = missedSchedules
        }
    }

    public let configuration: Configuration
    public let store: Store
    public let environments: Environments
    /// Channel id → provider, for validating channel data. The workflow runtime registers its channels here.
    public let channelProviders = ChannelProviderDirectory()
    /// Workflow runtimes per environment, with the definitions loaded from `workflowsDirectory`.
    public let runtimes: RuntimeRegistry
    /// Open while no loaded workflow can make a run wait on the network (`http_fetch`).
    public let networkWaits = NetworkWaitGate()
    let bulkWorker: BulkWorker

    public init(configuration: Configuration) throws(EngineError) {
        self.configuration = configuration
        do { store = try Store(path: configuration.databasePath) } catch { throw .storage(error) }
        environments = try Environments(store: store)
        runtimes = RuntimeRegistry(workflowsDirectory: configuration.workflowsDirectory, networkWaits: networkWaits)
        bulkWorker = BulkWorker()
        if configuration.processBulkOperations { bulkWorker.start(engine: self) }
        resumeRuntimes()
    }

    /// The URL clients reach the engine at (`http://127.0.0.1:4000`), for absolute links such as
    /// a bulk operation's `progress_path`. Set by the server once it is bound.
    public var baseURL: String {
        get { baseURLBox.withLock { $0 } }
        set { baseURLBox.withLock { $0 = newValue } }
    }
    private let baseURLBox = LockedValue("http://127.0.0.1")

    /// The current time for an environment. One place, so the runtime's virtual clock can take over.
    public func now(_ env: Environment) -> Timestamp {
        let date = runtimes.existing(env)?.clock.now ?? configuration.wallClock()
        return Timestamp(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// Stops background work (bulk operations) and lets every runtime finish the job it is on,
    /// so its state is written, and the store has committed it. Idempotent.
    public func shutdown() {
        bulkWorker.stop()
        for runtime in runtimes.all { runtime.drain() }
        store.waitForBackgroundWrites()
    }
}

/// A value behind a lock, for the few mutable settings shared across requests.
final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}
