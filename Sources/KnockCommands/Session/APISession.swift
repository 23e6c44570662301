import KnockAPI
import KnockCore
import KnockScript

/// What the API commands of one test talk to: a client with the test's key, and, against the
/// local engine, the id of the test's own environment (the engine's admin routes take it as
/// `X-Knock-Environment`, since they are not authenticated by a key).
///
/// ```swift
/// let session = APISession(client: client.with { $0.apiKey = env.secretKey }, environmentID: env.id)
/// let user = try session.send(RequestBuilder.build(Catalog.endpoint("users", "get")!, arguments: ["u1"]),
///                             context: context)
/// ```
public final class APISession: Sendable {
    public let client: KnockClient
    /// The local-engine environment this session's keys belong to; nil against real Knock.
    public let environmentID: String?

    public init(client: KnockClient, environmentID: String? = nil) {
        self.client = client
        self.environmentID = environmentID
    }

    public var isLocalEngine: Bool { client.configuration.isLocalEngine }

    /// Sends one request from the script's thread, following pages when `all` is set. Stops
    /// early when the test is cancelled: by its flag (the shell's Ctrl-C, the runner), or by a
    /// plain Ctrl-C in `knocksh run`/`-c`, which only sets `Interrupt.requested` and is noticed
    /// while waiting. A `--timeout` deadline shortens the request's own timeout so a call never
    /// outlives the test.
    public func send(_ request: APIRequest, all: Bool = false, context: ExecutionContext) throws -> JSON {
        var prepared = request
        if let environmentID, prepared.path.hasPrefix("/_admin/") {
            prepared.headers["X-Knock-Environment"] = environmentID
        }
        let request = prepared
        let client = clientWithinDeadline(context)
        let cancel = Self.cancelHandle(for: context)
        do {
            let cancellation = context.cancellation
            return try Blocking.run(cancel: cancel, stopWhen: { cancellation.reason == .interrupted }) {
                all ? try await client.all(request) : try await client.send(request).body
            }
        } catch {
            throw ErrorMapping.scriptError(error, context: context)
        }
    }

    /// The client, with its per-request timeout cut to what is left of the test's deadline.
    private func clientWithinDeadline(_ context: ExecutionContext) -> KnockClient {
        guard let deadline = context.cancellation.deadline else { return client }
        let now = MonotonicClock.nanoseconds()
        let left = Duration.nanoseconds(Int64(deadline > now ? deadline - now : 1_000_000))
        guard left < client.configuration.requestTimeout else { return client }
        return client.with { $0.requestTimeout = left }
    }

    /// One handle per test, cancelled with it: registering a handler per call would pile up
    /// closures in the flag for the length of a long test.
    static func cancelHandle(for context: ExecutionContext) -> CancelHandle {
        if let handle = context.attachment(CancelHandle.self) { return handle }
        let handle = CancelHandle()
        context.cancellation.onCancel { handle.cancel() }
        context.attach(handle)
        return handle
    }
}
