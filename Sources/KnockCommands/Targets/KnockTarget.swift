import KnockScript

/// Where a run's API commands go: the embedded engine (`LocalEngineTarget`, a fresh
/// environment per test) or a real Knock environment (`RemoteTarget`, one shared session).
///
/// ```swift
/// let target: any KnockTarget = try RemoteTarget(baseURL: url, apiKey: key, allowProduction: false)
/// let session = try target.openSession(for: test)
/// defer { target.closeSession(session, for: test) }
/// ```
public protocol KnockTarget: Sendable {
    /// The session one test uses; called on the test's thread at its first API command.
    func openSession(for test: TestCase) throws -> APISession
    /// Undoes what `openSession` made (deletes the test's environment); never throws.
    func closeSession(_ session: APISession, for test: TestCase)
    /// Every key and token this target handed out, for redaction.
    var secrets: SecretBook { get }
    /// Stops what the target started (the embedded engine) once the run is over.
    func shutdown()
}

/// The runner hooks that give each test its API session: an empty `SessionSlot` before the
/// test, filled on its first API command; the session closed after the test (its environment
/// deleted), whatever the outcome.
///
/// ```swift
/// let runner = Runner(registry: KnockCommands.registry(), lifecycle: TargetLifecycle(target: target), options: options)
/// ```
public struct TargetLifecycle: TestLifecycle {
    public let target: any KnockTarget

    public init(target: any KnockTarget) {
        self.target = target
    }

    public func beforeTest(_ test: TestCase, context: ExecutionContext) throws {
        let target = self.target
        context.attach(SessionSlot { try target.openSession(for: test) })
    }

    public func afterTest(_ test: TestCase, context: ExecutionContext, status: TestStatus) {
        if let session = context.attachment(SessionSlot.self)?.session {
            target.closeSession(session, for: test)
        }
    }
}
