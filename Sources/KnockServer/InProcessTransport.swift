import KnockAPI
import KnockCore

/// A `KnockClient` transport that hands requests straight to an engine in the same process:
/// no socket, no event loop, no HTTP parsing. The request goes through `EngineDispatch`, the
/// code path the HTTP server uses, so routing, auth, rate limits, dedupe, errors and request
/// ids are the same; the client's retries, redaction and error mapping are unchanged.
///
/// ```swift
/// let embedded = try EmbeddedEngine.start(.init(workflowsDirectory: "recipes/workflows"))
/// let client = KnockClient(configuration: .init(baseURL: embedded.baseURL, isLocalEngine: true),
///                          transport: embedded.transport)
/// ```
public final class InProcessTransport: KnockTransport {
    public let dispatch: EngineDispatch

    public init(dispatch: EngineDispatch) {
        self.dispatch = dispatch
    }

    public func execute(_ request: TransportRequest, timeout: Duration, maxResponseBytes: Int) async throws -> TransportResponse {
        try Task.checkCancellation()
        let (path, query) = Self.pathAndQuery(of: request.url)
        let response = dispatch.respond(to: EngineRequest(
            method: request.method, path: path, query: query,
            headers: request.headers.map { ($0.name, $0.value) }, body: .bytes(request.body ?? [])))
        let body = response.body ?? []
        // The limit an HTTP client applies while reading, so a huge answer fails alike.
        if body.count > maxResponseBytes { throw ResponseTooLarge(limit: maxResponseBytes) }
        return TransportResponse(status: response.status, headers: response.headers.map { HTTPHeader($0.name, $0.value) },
                                 bodyText: String(decoding: body, as: UTF8.self))
    }

    /// Nothing to release: the engine belongs to whoever started it.
    public func shutdown() async throws {}
    public func syncShutdown() throws {}

    /// `/v1/users?x=1` out of `scheme://host/v1/users?x=1`: the path starts at the first `/`
    /// after the scheme, the query after the first `?`.
    static func pathAndQuery(of url: String) -> (path: String, query: String?) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return ("/", nil) }
        let target = rest[slash...]
        guard let mark = target.firstIndex(of: "?") else { return (String(target), nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    public struct ResponseTooLarge: Error, CustomStringConvertible {
        public let limit: Int
        public var description: String { "the response is larger than \(limit) bytes" }
    }
}
