import KnockAPI
import KnockCore
import KnockScript

/// The embedded engine as a target: started once per process, on the first test that calls
/// the API, and a fresh environment (own keys, data and clock) for each test through the admin
/// API (`environments create`, then `environments delete` after the test), so parallel tests
/// never see each other.
///
/// ```swift
/// let target = LocalEngineTarget(launcher: ExistingEngine(baseURL: "http://127.0.0.1:4000"), workflowsDirectory: nil)
/// let session = try target.openSession(for: test)    // a client with the new environment's key
/// target.closeSession(session, for: test)            // the environment is gone
/// target.shutdown()
/// ```
public final class LocalEngineTarget: KnockTarget {
    public let launcher: any EngineLauncher
    public let workflowsDirectory: String?
    public let secrets: SecretBook

    private enum State {
        case idle
        case running(RunningEngine, KnockClient)
        case failed(ScriptError)
        case stopped
    }
    private let state = Locked<State>(.idle)

    public init(launcher: any EngineLauncher, workflowsDirectory: String?, secrets: SecretBook = SecretBook()) {
        self.launcher = launcher
        self.workflowsDirectory = workflowsDirectory
        self.secrets = secrets
    }

    /// The admin client (no key: the engine's admin routes trust loopback), starting the
    /// engine on first use. Tests that arrive meanwhile wait on the lock for the same start.
    func adminClient() throws -> KnockClient {
        try state.withLock { state -> KnockClient in
            switch state {
            case .running(_, let client): return client
            case .failed(let error): throw error
            case .stopped: throw ScriptError.connection("the embedded engine was already stopped")
            case .idle:
                let launcher = self.launcher, directory = self.workflowsDirectory
                do {
                    let engine = try Blocking.run { try await launcher.start(workflowsDirectory: directory) }
                    let client = KnockClient(configuration: KnockClientConfiguration(baseURL: engine.baseURL, isLocalEngine: true),
                                             transport: engine.transport)
                    state = .running(engine, client)
                    return client
                } catch {
                    let failure = (error as? ScriptError)
                        ?? ScriptError.connection("the embedded engine did not start: \(error)",
                                                  hint: "run against a Knock environment with --api-url URL and KNOCK_API_KEY")
                    state = .failed(failure)
                    throw failure
                }
            }
        }
    }

    public func openSession(for test: TestCase) throws -> APISession {
        let admin = try adminClient()
        let created: JSON
        do {
            created = try admin.callBlocking(Catalog.endpoint("environments", "create")!, body: ["name": .string(test.id)])
        } catch {
            throw ScriptError.connection("could not create the test's environment in the embedded engine: \(error)")
        }
        guard let id = created["id"]?.stringValue, let key = created["secret_key"]?.stringValue else {
            throw ScriptError.runtime("the engine's environments create answered without id and secret_key: \(created.serialized())")
        }
        secrets.add([key, created["publishable_key"]?.stringValue].compactMap { $0 })
        return APISession(client: admin.with { $0.apiKey = key }, environmentID: id)
    }

    public func closeSession(_ session: APISession, for test: TestCase) {
        // After Ctrl-C the run is leaving: one more call could wait on a stuck engine, and the
        // embedded engine's environments go with the process anyway.
        guard !Interrupt.requested else { return }
        guard let id = session.environmentID, let admin = try? adminClient() else { return }
        // A leftover environment costs memory, not correctness: nothing to report if it fails.
        _ = try? admin.callBlocking(Catalog.endpoint("environments", "delete")!, arguments: [id])
    }

    public func shutdown() {
        let running: (RunningEngine, KnockClient)? = state.withLock { state in
            defer { state = .stopped }
            if case .running(let engine, let client) = state { return (engine, client) }
            return nil
        }
        guard let (engine, client) = running else { return }
        try? client.syncShutdown()
        _ = try? Blocking.run { await engine.stop() }
    }
}
