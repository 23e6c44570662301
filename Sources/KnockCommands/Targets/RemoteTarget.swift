import KnockAPI
import KnockScript

/// A real Knock environment as a target (`--api-url URL` with `KNOCK_API_KEY`): every test
/// shares one client and one connection pool; local-engine commands (clock, outbox, channels,
/// environments) are refused by the client before anything is sent. The production guard runs
/// when the target is made.
///
/// ```swift
/// let target = try RemoteTarget(baseURL: "https://api.knock.app", apiKey: key,
///                               environmentName: env["KNOCK_ENVIRONMENT"], allowProduction: false)
/// ```
public final class RemoteTarget: KnockTarget {
    public let session: APISession
    public let secrets: SecretBook

    public init(baseURL: String, apiKey: String, environmentName: String? = nil, allowProduction: Bool,
                secrets: SecretBook = SecretBook()) throws(ProductionRefusal) {
        try ProductionGuard.check(apiURL: baseURL, apiKey: apiKey, environmentName: environmentName, allowProduction: allowProduction)
        secrets.add([apiKey])
        self.secrets = secrets
        session = APISession(client: KnockClient(configuration: KnockClientConfiguration(baseURL: baseURL, apiKey: apiKey, isLocalEngine: false)))
    }

    public func openSession(for test: TestCase) throws -> APISession { session }

    /// Nothing to undo: the recipe's own `teardown` deletes what it made in a real environment.
    public func closeSession(_ session: APISession, for test: TestCase) {}

    public func shutdown() {
        try? session.client.syncShutdown()
    }
}
