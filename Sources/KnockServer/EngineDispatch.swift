import Foundation
import KnockAPI
import KnockCore
import KnockEngine

/// One request as the engine sees it, whatever carried it: HTTP (`EngineHTTPHandler`) or a
/// client in the same process (`InProcessTransport`).
///
/// ```swift
/// let request = EngineRequest(method: "GET", path: "/v1/users/u1", query: nil,
///                             headers: [("authorization", "Bearer sk_test_…")], body: .bytes([]))
/// ```
public struct EngineRequest: Sendable {
    /// The body as read, or why it could not be: the error is raised only when a route reads
    /// it, so a bad route or key is reported first, whoever carried the request.
    public enum Body: Sendable {
        case bytes([UInt8])
        case unreadable
    }

    public var method: String
    /// The percent-encoded path, as sent.
    public var path: String
    /// The raw query string, without `?`.
    public var query: String?
    /// Header names in any case, in the order sent.
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: Body) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A header's value, its name compared case-insensitively as HTTP requires; a header sent
    /// more than once reads as its values joined by ", " (so two `Authorization` headers are no
    /// valid key), as HTTP header fields combine them.
    public func header(_ name: String) -> String? {
        var found: String?
        for field in headers where field.name.equalsIgnoringASCIICase(name) {
            found = found.map { $0 + ", " + field.value } ?? field.value
        }
        return found
    }
}

extension String {
    /// Equality of header names (ASCII by RFC 9110) ignoring case. Foundation's
    /// `caseInsensitiveCompare` bridged every call and was ~5 % of a request's CPU (perf).
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x | 0x20
            guard lx == y | 0x20, lx >= UInt8(ascii: "a"), lx <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}

/// What the engine answers: status, headers (the request id, content type and length among
/// them) and the serialized body.
public struct EngineResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
}

/// The engine's one entry point for requests: request id, admin routes, catalog routes, auth,
/// rate limits, dedupe limits, body, handler, error body. Every path out of here is a JSON
/// response; nothing a client sends becomes a 5xx. The HTTP server and the in-process
/// transport both call it, so the two cannot behave differently.
///
/// ```swift
/// let dispatch = EngineDispatch(engine: engine, routes: Routes.all(), admin: Routes.admin(), options: .init())
/// let response = dispatch.respond(to: request)    // response.status, response.body
/// ```
public final class EngineDispatch: Sendable {
    public struct Options: Sendable {
        public var enforceRateLimits = false
        /// When set, admin calls must bear it; when nil, admin calls are allowed only on a loopback bind.
        public var adminToken: String?
        public var loopbackOnly = true
        /// Largest request body read, in bytes.
        public var maxBodySize = 8 * 1024 * 1024
        /// Seconds since 1970 for the rate limiter's buckets.
        public var rateLimitClock: @Sendable () -> Double
        public init(enforceRateLimits: Bool = false, adminToken: String? = nil, loopbackOnly: Bool = true,
                    rateLimitClock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
            self.enforceRateLimits = enforceRateLimits
            self.rateLimitClock = rateLimitClock
            self.adminToken = adminToken
            self.loopbackOnly = loopbackOnly
        }
    }

    public let engine: Engine
    let routes: RouteTable
    let admin: AdminRoutes
    public let options: Options
    let limiter = RateLimiter()
    let dedupeLimiter = DedupeLimiter()
    let requestIDs = RequestIDs()

    public init(engine: Engine, routes: RouteTable, admin: AdminRoutes, options: Options) {
        self.engine = engine
        self.routes = routes
        self.admin = admin
        self.options = options
    }

    public func respond(to request: EngineRequest) -> EngineResponse {
        let requestID = requestIDs.next()
        var reply: Reply
        do {
            reply = try dispatch(request)
        } catch let error as EngineError {
            let body = ErrorBody(error)
            reply = Reply(status: body.status, body: body.json)
            if error.kind == .rateLimited, let wait = Double(error.fields.first?.message ?? "") {
                reply.headers.append(("retry-after", String(max(1, Int(wait.rounded(.up))))))
            }
        } catch let error as StoreError {
            let body = ErrorBody(EngineError(.invalid, code: "storage_error", message: error.description))
            reply = Reply(status: body.status, body: body.json)
        } catch {
            // Body read failures (too large, connection reset) are the client's: 400, never 500.
            let body = ErrorBody(EngineError.badRequest("The request body could not be read: \(error)"))
            reply = Reply(status: body.status, body: body.json)
        }
        return render(reply, requestID: requestID)
    }

    /// `respond(to:)` when answering cannot wait on the network or the disk, else nil (the caller
    /// answers on a thread that may wait). The HTTP server calls it on its event loop: an answer
    /// there saves two thread hand-offs, but the loop must never wait on an `http_fetch` (which
    /// may call this server) nor on an fsync. So: an in-memory store, no workflow with
    /// `http_fetch` loaded (`NetworkWaitGate`), and not an admin call (a clock advance runs
    /// whatever came due).
    public func respondIfCPUBound(to request: EngineRequest) -> EngineResponse? {
        guard engine.store.isInMemory, !request.path.hasPrefix(AdminRoutes.prefix),
              engine.networkWaits.enterWhileCPUBound() else { return nil }
        defer { engine.networkWaits.leave() }
        return respond(to: request)
    }

    /// The answer to bytes the HTTP parser could not read as a request: Knock's 400 error body.
    public func respondToUnparsableRequest() -> EngineResponse {
        let body = ErrorBody(EngineError.badRequest("The request could not be parsed as HTTP/1.1."))
        return render(Reply(status: body.status, body: body.json), requestID: requestIDs.next())
    }

    private func dispatch(_ request: EngineRequest) throws -> Reply {
        let path = request.path
        let method = request.method
        let query = QueryString(request.query)
        if path.hasPrefix(AdminRoutes.prefix) {
            try authorizeAdmin(request)
            guard let match = admin.match(method: method, path: path) else { throw ErrorBody.routeNotFound(method: method, path: path) }
            let bytes = try body(request)
            return try match.handler(AdminCall(engine: engine, parameters: match.parameters, query: query, bodyBytes: bytes,
                                               environmentHeader: request.header("x-knock-environment")))
        }
        guard let match = routes.match(method: method, path: path) else { throw ErrorBody.routeNotFound(method: method, path: path) }
        let (env, principal) = try Auth.authenticate(
            engine: engine, endpointID: match.endpoint.id, authorization: request.header("authorization"),
            userToken: request.header("x-knock-user-token"), pathUserID: match.parameters["user_id"],
            tenant: query["tenant"])
        if options.enforceRateLimits {
            let tier = RateLimiter.tier(for: match.endpoint)
            var key = "\(env.rowID)|\(tier)"
            if case .publishableKey(let user?) = principal { key += "|\(user)" }
            if let wait = limiter.take(key: key, tier: tier, now: options.rateLimitClock()) {
                throw EngineError(.rateLimited, code: "rate_limit_exceeded", message: "Rate limit exceeded for tier \(tier).",
                                  fields: [.init(field: "retry_after", message: String(wait))])
            }
        }
        guard let handler = match.handler else { throw ErrorBody.notImplemented(match.endpoint.id) }
        let bytes = try body(request)
        // Handlers look headers up by lower-case name; a repeated header keeps its last value.
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.lowercased()] = field.value }
        let call = Call(engine: engine, env: env, principal: principal, parameters: match.parameters, query: query,
                        headers: headers, bodyBytes: bytes,
                        dedupeGate: options.enforceRateLimits ? DedupeGate(limiter: dedupeLimiter, now: options.rateLimitClock) : nil)
        return try handler(call)
    }

    private func body(_ request: EngineRequest) throws(EngineError) -> [UInt8] {
        switch request.body {
        case .bytes(let bytes) where bytes.count <= options.maxBodySize:
            return bytes
        case .bytes, .unreadable:
            throw EngineError(.badRequest, code: "request_too_large", message: "The request body is larger than \(options.maxBodySize) bytes or could not be read.")
        }
    }

    private func authorizeAdmin(_ request: EngineRequest) throws(EngineError) {
        if let token = options.adminToken {
            let given = Auth.bearer(request.header("authorization")) ?? request.header("x-knock-admin-token")
            guard given == token else {
                throw EngineError(.unauthenticated, code: "authentication_required", message: "The admin API needs the admin token as `Authorization: Bearer <token>`.")
            }
        } else if !options.loopbackOnly {
            throw EngineError(.forbidden, code: "authorization", message: "The admin API is available on a loopback bind or with --admin-token.")
        }
    }

    private func render(_ reply: Reply, requestID: String) -> EngineResponse {
        var headers: [(name: String, value: String)] = [("x-request-id", requestID)]
        // One value per name, the later one winning, as the HTTP server's header fields keep them.
        func set(_ name: String, _ value: String) {
            if let i = headers.firstIndex(where: { $0.name.equalsIgnoringASCIICase(name) }) {
                headers[i].value = value
            } else {
                headers.append((name, value))
            }
        }
        for (name, value) in reply.headers { set(name, value) }
        guard let body = reply.body else {
            return EngineResponse(status: reply.status, headers: headers, body: nil)
        }
        let bytes = body.serializedBytes()
        set("content-type", "application/json; charset=utf-8")
        set("content-length", String(bytes.count))
        return EngineResponse(status: reply.status, headers: headers, body: bytes)
    }
}

/// Request ids: a per-process random prefix and a counter, unique and cheap.
final class RequestIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var counter: UInt64 = 0
    private let prefix = "req_" + Identifiers.key(prefix: "", length: 10) + "_"

    func next() -> String {
        lock.lock()
        counter += 1
        let n = counter
        lock.unlock()
        return prefix + String(n, radix: 36)
    }
}
