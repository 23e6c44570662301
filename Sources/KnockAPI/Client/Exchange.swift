import KnockCore

/// The last request and what came back, for the shell's `.last`. The Authorization and user
/// token headers are stored already masked, so the record itself never holds a secret.
///
/// ```swift
/// if let last = client.lastExchange {
///     print(last.request.method, last.request.url, last.response?.status ?? 0)
/// }
/// ```
public struct Exchange: Sendable {
    public struct Request: Sendable {
        public let method: String
        public let url: String
        public let headers: [HTTPHeader]
        public let body: String?
    }

    public struct Response: Sendable {
        public let status: Int
        public let headers: [HTTPHeader]
        public let body: String
    }

    public let request: Request
    /// nil when no answer came (connection failure).
    public let response: Response?
    public let attempts: Int
    /// The transport failure, when there was no response.
    public let failure: String?
    public let duration: Duration
}
