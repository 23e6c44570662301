import KnockCore

/// A request ready for `KnockClient`: method, percent-encoded path, query items and JSON body.
/// Built from a command by `RequestBuilder`, or by hand for the raw `http` command.
///
/// ```swift
/// let r = APIRequest(.get, "/v1/messages", query: [QueryItem("status[]", "sent")])
/// r.pathAndQuery   // "/v1/messages?status%5B%5D=sent"
/// ```
public struct APIRequest: Sendable, Equatable {
    public var method: HTTPMethod
    /// Percent-encoded path, starting with `/`.
    public var path: String
    /// Decoded names and values in order; `queryString` encodes them.
    public var query: [QueryItem]
    public var body: JSON?
    /// Extra headers for this request only (the client adds auth, content type, idempotency).
    public var headers: [String: String]
    /// `users identify` when built from the catalog; nil for raw requests.
    public var endpointID: String?

    public init(
        _ method: HTTPMethod, _ path: String, query: [QueryItem] = [], body: JSON? = nil,
        headers: [String: String] = [:], endpointID: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
        self.endpointID = endpointID
    }

    /// `a=1&status%5B%5D=sent`: the bracket form Knock's SDKs send, percent-encoded for the
    /// wire (see `QueryEncoder.string`). `query` holds the readable `status[]` names.
    public var queryString: String { QueryEncoder.string(query) }

    /// The path plus `?query` when there is one.
    public var pathAndQuery: String { query.isEmpty ? path : path + "?" + queryString }

    /// Whether Knock honours an `Idempotency-Key` here: only workflow triggers
    /// (`POST /v1/workflows/{key}/trigger`), also when sent through the raw `http` command.
    public var isTrigger: Bool {
        method == .post && path.hasPrefix("/v1/workflows/") && path.hasSuffix("/trigger")
    }
}

/// One `name=value` pair of a query string, unencoded.
public struct QueryItem: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
    public var description: String { "\(name)=\(value)" }
}
