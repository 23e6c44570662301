import AsyncHTTPClient
import Foundation
import KnockCore
import NIOCore
import NIOHTTP1

/// The HTTP client for the Knock API and the local engine: auth headers, retries with backoff,
/// idempotent triggers, JSON responses, errors with Knock's code and request id.
///
/// ```swift
/// let client = KnockClient(configuration: .init(baseURL: "http://127.0.0.1:4100", apiKey: key, isLocalEngine: true))
/// defer { try? client.syncShutdown() }
/// let user = try await client.call(Catalog.endpoint("users", "identify")!, arguments: ["u1"], body: ["name": "Ada"])
/// let all = try await client.all(Catalog.endpoint("users", "list")!)
/// let raw = try await client.raw("GET", "/v1/users/u1")
/// ```
public final class KnockClient: Sendable {
    public let configuration: KnockClientConfiguration
    /// HTTP by default; the embedded engine may hand its in-process transport instead.
    public let transport: any KnockTransport
    /// Whether this client made the transport, and so closes it on shutdown.
    private let ownsTransport: Bool
    private let last = Locked<Exchange?>(nil)

    public init(configuration: KnockClientConfiguration, transport: (any KnockTransport)? = nil) {
        self.configuration = configuration
        self.transport = transport ?? HTTPTransport()
        self.ownsTransport = transport == nil
    }

    /// Another client over the same connection pool, e.g. with a test environment's own key.
    public func with(_ change: (inout KnockClientConfiguration) -> Void) -> KnockClient {
        var copy = configuration
        change(&copy)
        return KnockClient(configuration: copy, transport: transport)
    }

    public func shutdown() async throws {
        if ownsTransport { try await transport.shutdown() }
    }

    public func syncShutdown() throws {
        if ownsTransport { try transport.syncShutdown() }
    }

    /// The most recent request and response, for `.last`.
    public var lastExchange: Exchange? { last.withLock { $0 } }

    // MARK: Commands

    /// Runs one catalog command: builds the request, refuses local-engine commands against a
    /// real Knock environment, sends it and answers the response body.
    public func call(
        _ endpoint: Endpoint, arguments: [String] = [], options: [(String, JSON)] = [], body: JSON? = nil
    ) async throws -> JSON {
        try checkScope(endpoint)
        let request = try RequestBuilder.build(endpoint, arguments: arguments, options: options, body: body)
        return try await send(request).body
    }

    /// Throws `KnockScopeError` for a local-engine command when the target is real Knock.
    public func checkScope(_ endpoint: Endpoint) throws {
        if endpoint.scope == .localEngine && !configuration.isLocalEngine {
            throw KnockScopeError(command: endpoint.id)
        }
    }

    /// `http METHOD PATH [BODY]`: the path may carry a query string; nothing is checked
    /// against the catalog.
    public func raw(_ method: String, _ path: String, body: JSON? = nil) async throws -> APIResponse {
        guard let verb = HTTPMethod(rawValue: method.uppercased()) else {
            throw RawRequestError.unknownMethod(method)
        }
        return try await send(RawRequest.make(verb, path, body: body))
    }

    // MARK: Sending

    /// Sends a request with retries. Answers 2xx/3xx responses; throws `KnockAPIError` for
    /// 4xx/5xx once retries are spent, `KnockConnectionError` when no answer came, and
    /// `CancellationError` when the task was cancelled.
    public func send(_ request: APIRequest) async throws -> APIResponse {
        let url = configuration.baseURL.trimmingTrailingSlash() + request.pathAndQuery
        var headers = baseHeaders(hasBody: request.body != nil)
        for (name, value) in request.headers { headers.replaceOrAdd(name: name, value: value) }
        // One key for every attempt of this trigger: Knock answers a retry with the first
        // attempt's result instead of running the workflow again.
        if request.isTrigger, headers["Idempotency-Key"].isEmpty {
            headers.add(name: "Idempotency-Key", value: UUID().uuidString.lowercased())
        }
        let bodyBytes = request.body.map { $0.serializedBytes() }

        let policy = configuration.retry
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let outcome: Outcome
            do {
                outcome = .response(try await executeOnce(request.method, url, headers, bodyBytes, attempt: attempt))
            } catch let error where Self.isCancellation(error) {
                throw CancellationError()
            } catch {
                outcome = .failure(error)
            }

            switch outcome {
            case .response(let response):
                let retryable = policy.shouldRetry(status: response.status)
                    && response.headers.value(of: "x-should-retry")?.lowercased() != "false"
                let retryAfter = RetryPolicy.retryAfter(headers: response.headers, now: Date().timeIntervalSince1970)
                let tooLong = retryAfter.map { $0 > policy.maxRetryAfter } ?? false
                if retryable, !tooLong, attempt < policy.maxAttempts {
                    try await Task.sleep(for: policy.delay(beforeAttempt: attempt + 1, retryAfter: retryAfter))
                    continue
                }
                record(request.method, url, headers, bodyBytes, response: response, failure: nil, attempts: attempt, since: started)
                if response.status >= 400 {
                    throw KnockAPIError(response: response, method: request.method.rawValue, path: request.pathAndQuery)
                }
                return response
            case .failure(let error):
                if attempt < policy.maxAttempts {
                    try await Task.sleep(for: policy.delay(beforeAttempt: attempt + 1, retryAfter: nil))
                    continue
                }
                record(request.method, url, headers, bodyBytes, response: nil, failure: "\(error)", attempts: attempt, since: started)
                throw KnockConnectionError(
                    method: request.method.rawValue, url: url, reason: Self.reason(error),
                    isTimeout: Self.isTimeout(error), attempts: attempt)
            }
        }
    }

    private enum Outcome {
        case response(APIResponse)
        case failure(Error)
    }

    private func executeOnce(
        _ method: HTTPMethod, _ url: String, _ headers: HTTPHeaders, _ body: [UInt8]?, attempt: Int
    ) async throws -> APIResponse {
        let request = TransportRequest(method: method.rawValue, url: url, headers: headers.map { HTTPHeader($0.name, $0.value) }, body: body)
        let response = try await transport.execute(request, timeout: configuration.requestTimeout,
                                                   maxResponseBytes: configuration.maxResponseBytes)
        return APIResponse(status: response.status, headers: response.headers, bodyText: response.bodyText, attempts: attempt)
    }

    private func baseHeaders(hasBody: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "User-Agent", value: configuration.userAgent)
        if let key = configuration.apiKey { headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let token = configuration.userToken { headers.add(name: "X-Knock-User-Token", value: token) }
        if let branch = configuration.branch { headers.add(name: "X-Knock-Branch", value: branch) }
        if hasBody { headers.add(name: "Content-Type", value: "application/json") }
        return headers
    }

    private func record(
        _ method: HTTPMethod, _ url: String, _ headers: HTTPHeaders, _ body: [UInt8]?,
        response: APIResponse?, failure: String?, attempts: Int, since started: ContinuousClock.Instant
    ) {
        let masked = headers.map { header -> HTTPHeader in
            switch header.name.lowercased() {
            case "authorization": return HTTPHeader(header.name, "Bearer \(Redactor.replacement)")
            case "x-knock-user-token": return HTTPHeader(header.name, Redactor.replacement)
            default: return HTTPHeader(header.name, header.value)
            }
        }
        let exchange = Exchange(
            request: .init(method: method.rawValue, url: url, headers: masked,
                           body: body.map { String(decoding: $0, as: UTF8.self) }),
            response: response.map { .init(status: $0.status, headers: $0.headers, body: $0.bodyText) },
            attempts: attempts, failure: failure, duration: ContinuousClock.now - started)
        last.withLock { $0 = exchange }
    }

    // MARK: Error classification

    static func isCancellation(_ error: Error) -> Bool {
        if error is CancellationError { return true }
        if let e = error as? HTTPClientError, e == .cancelled { return true }
        return false
    }

    static func isTimeout(_ error: Error) -> Bool {
        if let e = error as? HTTPClientError {
            return e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout || e == .writeTimeout
        }
        if let e = error as? ChannelError, case .connectTimeout = e { return true }
        return false
    }

    static func reason(_ error: Error) -> String {
        if isTimeout(error) { return "no answer in time (\(error))" }
        return "\(error)"
    }
}

extension String {
    fileprivate func trimmingTrailingSlash() -> String {
        hasSuffix("/") ? String(dropLast()) : self
    }
}
