import KnockScript

/// Where a test's API session lives on its `ExecutionContext`. The lifecycle hangs an empty
/// slot on every test; the session (and, against the local engine, the test's environment) is
/// made on the first API command, so a test that never calls the API never pays for it.
///
/// ```swift
/// context.attach(SessionSlot { try target.openSession(name: test.id) })
/// let session = try context.apiSession()     // opens it now, or returns the open one
/// ```
public final class SessionSlot: @unchecked Sendable {
    private let open: () throws -> APISession
    /// The open session, if a command asked for one. Touched only on the test's thread.
    public private(set) var session: APISession?

    public init(_ open: @escaping () throws -> APISession) {
        self.open = open
    }

    /// A slot holding an already open session (the shell, tests).
    public convenience init(session: APISession) {
        self.init { session }
        self.session = session
    }

    public func get() throws -> APISession {
        if let session { return session }
        let s = try open()
        session = s
        return s
    }
}

extension ExecutionContext {
    /// The test's API session, opened on first use.
    public func apiSession() throws -> APISession {
        guard let slot = attachment(SessionSlot.self) else {
            throw ScriptError.runtime(
                "no Knock API target is configured for this script",
                hint: "knocksh run and -c start the embedded engine; --api-url URL with KNOCK_API_KEY targets Knock")
        }
        return try slot.get()
    }
}
