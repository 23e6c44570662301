import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// HTTP (AsyncHTTPClient) as a `KnockTransport`: the connection pool under one or many
/// `KnockClient`s, keep-alive connections, connect timeout. A runner makes one and gives each
/// test a client with its own key over it.
///
/// ```swift
/// let transport = HTTPTransport()
/// let a = KnockClient(configuration: configA, transport: transport)
/// let b = KnockClient(configuration: configB, transport: transport)
/// // ...
/// try await transport.shutdown()
/// ```
public final class HTTPTransport: KnockTransport {
    let http: HTTPClient

    public init(connectTimeout: Duration = .seconds(5), idleTimeout: Duration = .seconds(60), connectionsPerHost: Int = 8) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(connectTimeout), read: nil)
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: TimeAmount(idleTimeout), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        // Fail a refused connection at once and let RetryPolicy decide, instead of the pool
        // silently retrying until the request deadline.
        pool.retryConnectionEstablishment = false
        configuration.connectionPool = pool
        configuration.decompression = .enabled(limit: .ratio(100))
        configuration.redirectConfiguration = .disallow
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func execute(_ request: TransportRequest, timeout: Duration, maxResponseBytes: Int) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method)
        outgoing.headers = HTTPHeaders(request.headers.map { ($0.name, $0.value) })
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(outgoing, timeout: TimeAmount(timeout))
        let bytes = try await response.body.collect(upTo: maxResponseBytes)
        return TransportResponse(status: Int(response.status.code), headers: response.headers.map { HTTPHeader($0.name, $0.value) },
                                 bodyText: String(buffer: bytes))
    }

    /// Closes the pool; requests after it fail. Call once, when every client is done.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// For synchronous callers (not from inside an event loop).
    public func syncShutdown() throws {
        try http.syncShutdown()
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
