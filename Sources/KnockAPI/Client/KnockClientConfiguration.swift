/// Where and how `KnockClient` talks to Knock or the local engine.
///
/// ```swift
/// var config = KnockClientConfiguration(baseURL: "http://127.0.0.1:4100", apiKey: "sk_test_...")
/// config.userToken = jwt                     // sent as X-Knock-User-Token
/// config.retry.maxAttempts = 5
/// config.requestTimeout = .seconds(10)
/// ```
public struct KnockClientConfiguration: Sendable {
    /// `https://api.knock.app` or the engine's `http://127.0.0.1:PORT`; paths are appended.
    public var baseURL: String
    /// The Bearer key (`sk_…` or `pk_…`); nil sends no Authorization header.
    public var apiKey: String?
    /// A signed user token for enhanced security mode (`X-Knock-User-Token`).
    public var userToken: String?
    /// Knock branch slug (`X-Knock-Branch`), when working on a branch.
    public var branch: String?
    /// Whether the target is the local engine. Local-engine commands (clock, outbox, ...) are
    /// refused before sending when it is not.
    public var isLocalEngine: Bool
    /// The whole request, connection included, per attempt.
    public var requestTimeout: Duration = .seconds(30)
    public var retry = RetryPolicy()
    /// The largest response body accepted; a bigger one is an error, not an out-of-memory.
    public var maxResponseBytes = 64 * 1024 * 1024
    public var userAgent = "knocksh/0.1"

    public init(baseURL: String, apiKey: String? = nil, userToken: String? = nil, isLocalEngine: Bool = false) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.userToken = userToken
        self.isLocalEngine = isLocalEngine
    }

    /// The secrets this configuration holds, for a `Redactor`.
    public var secrets: [String] { [apiKey, userToken].compactMap { $0 } }
}
