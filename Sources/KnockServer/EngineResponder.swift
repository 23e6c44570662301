import Foundation
import HTTPTypes
import Hummingbird
import KnockAPI
import KnockCore
import KnockEngine

/// The HTTP entry point: request id, admin routes, catalog routes, auth, rate limits, body, handler,
/// error body. Every path out of here is a JSON response; nothing a client sends becomes a 5xx.
///
/// ```swift
/// let responder = EngineResponder(engine: engine, routes: Routes.all(), admin: AdminRoutes.all(), options: .init())
/// let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
/// ```
public struct EngineResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

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

    let engine: Engine
    let routes: RouteTable
    let admin: AdminRoutes
    let options: Options
    let limiter = RateLimiter()
    let dedupeLimiter = DedupeLimiter()
    let requestIDs = RequestIDs()

    public init(engine: Engine, routes: RouteTable, admin: AdminRoutes, options: Options) {
        self.engine = engine
        self.routes = routes
        self.admin = admin
        self.options = options
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let requestID = requestIDs.next()
        var reply: Reply
        do {
            reply = try await dispatch(request)
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

    private func dispatch(_ request: Request) async throws -> Reply {
        let path = request.uri.path
        let method = request.method.rawValue
        let query = QueryString(request.uri.query)
        if path.hasPrefix(AdminRoutes.prefix) {
            try authorizeAdmin(request)
            guard let match = admin.match(method: method, path: path) else { throw ErrorBody.routeNotFound(method: method, path: path) }
            let bytes = try await readBody(request)
            return try match.handler(AdminCall(engine: engine, parameters: match.parameters, query: query, bodyBytes: bytes,
                                               environmentHeader: request.headers[.init("x-knock-environment")!]))
        }
        guard let match = routes.match(method: method, path: path) else { throw ErrorBody.routeNotFound(method: method, path: path) }
        let (env, principal) = try Auth.authenticate(
            engine: engine, endpointID: match.endpoint.id, authorization: request.headers[.authorization],
            userToken: request.headers[.init("x-knock-user-token")!], pathUserID: match.parameters["user_id"],
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
        let bytes = try await readBody(request)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let call = Call(engine: engine, env: env, principal: principal, parameters: match.parameters, query: query,
                        headers: headers, bodyBytes: bytes,
                        dedupeGate: options.enforceRateLimits ? DedupeGate(limiter: dedupeLimiter, now: options.rateLimitClock) : nil)
        return try handler(call)
    }

    private func readBody(_ request: Request) async throws -> [UInt8] {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: options.maxBodySize)
            return Array(buffer.readableBytesView)
        } catch {
            throw EngineError(.badRequest, code: "request_too_large", message: "The request body is larger than \(options.maxBodySize) bytes or could not be read.")
        }
    }

    private func authorizeAdmin(_ request: Request) throws(EngineError) {
        if let token = options.adminToken {
            let given = Auth.bearer(request.headers[.authorization]) ?? request.headers[.init("x-knock-admin-token")!]
            guard given == token else {
                throw EngineError(.unauthenticated, code: "authentication_required", message: "The admin API needs the admin token as `Authorization: Bearer <token>`.")
            }
        } else if !options.loopbackOnly {
            throw EngineError(.forbidden, code: "authorization", message: "The admin API is available on a loopback bind or with --admin-token.")
        }
    }

    private func render(_ reply: Reply, requestID: String) -> Response {
        var headers = HTTPFields()
        headers[.init("x-request-id")!] = requestID
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { headers[n] = value }
        }
        guard let body = reply.body else {
            return Response(status: .init(code: reply.status), headers: headers)
        }
        headers[.contentType] = "application/json; charset=utf-8"
        let bytes = body.serializedBytes()
        headers[.contentLength] = String(bytes.count)
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
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
