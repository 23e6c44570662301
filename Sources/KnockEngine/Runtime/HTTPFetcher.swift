import Foundation

/// Performs the real HTTP call of an `http_fetch` step. The engine holds only this protocol: the
/// server gives it a fetcher on AsyncHTTPClient (`KnockServer/HTTP/AsyncHTTPFetcher.swift`),
/// tests give their own. Keeping the networking out of KnockEngine keeps `FoundationNetworking`
/// (libcurl and ~35 shared libraries) out of the `knocksh` binary and its start-up.
///
/// ```swift
/// let answer = fetcher.fetch(FetchRequest(method: "GET", url: url, headers: [], body: nil, timeout: 15))
/// if case .response(let status, let body) = answer { … }
/// ```
public protocol HTTPFetcher: Sendable {
    func fetch(_ request: FetchRequest) -> FetchAnswer
}

public struct FetchRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    public var headers: [(String, String)] { headerPairs.map { ($0.key, $0.value) } }
    public var headerPairs: [KeyValuePair]
    public var body: Data?
    public var timeout: TimeInterval

    public init(method: String, url: URL, headers: [KeyValuePair], body: Data?, timeout: TimeInterval) {
        self.method = method
        self.url = url
        self.headerPairs = headers
        self.body = body
        self.timeout = timeout
    }
}

public enum FetchAnswer: Sendable, Hashable {
    case response(status: Int, body: Data)
    /// Connection refused, DNS failure, timeout… (`timedOut` is retryable, the others fatal in Knock's terms).
    case failure(message: String, timedOut: Bool)
}

/// The fetcher of an engine started without one: every `http_fetch` fails with a clear message.
public struct OfflineFetcher: HTTPFetcher {
    public init() {}

    public func fetch(_ request: FetchRequest) -> FetchAnswer {
        .failure(message: "this engine was started without an HTTP client for http_fetch steps", timedOut: false)
    }
}
