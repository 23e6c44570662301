import KnockCore

/// How `KnockClient` moves one request and its answer: over HTTP (`HTTPTransport`, the
/// default, for Knock and `knocksh serve`), or straight into an engine in the same process
/// (KnockServer's `InProcessTransport`). The client keeps everything else — headers, retries,
/// idempotency keys, error mapping, the `.last` record — so both behave the same.
///
/// ```swift
/// let client = KnockClient(configuration: config, transport: HTTPTransport())
/// let response = try await transport.execute(TransportRequest(method: "GET", url: url, headers: [], body: nil),
///                                            timeout: .seconds(30), maxResponseBytes: 1 << 20)
/// ```
public protocol KnockTransport: Sendable {
    /// Sends one request and answers whatever status came back; throws only when no answer came
    /// (connection refused, timeout, cancellation).
    func execute(_ request: TransportRequest, timeout: Duration, maxResponseBytes: Int) async throws -> TransportResponse
    /// Releases the transport's resources; requests after it fail. Call once, when every client is done.
    func shutdown() async throws
    /// `shutdown` for synchronous callers (not from inside an event loop).
    func syncShutdown() throws
}

/// One request as the client hands it to a transport: the full URL, headers as sent, body bytes.
public struct TransportRequest: Sendable {
    public var method: String
    /// The base URL plus the percent-encoded path and query.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [HTTPHeader], body: [UInt8]?) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What came back: status, headers and the body as text.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var bodyText: String

    public init(status: Int, headers: [HTTPHeader], bodyText: String) {
        self.status = status
        self.headers = headers
        self.bodyText = bodyText
    }
}
