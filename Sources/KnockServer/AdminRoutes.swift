import KnockAPI
import KnockCore
import KnockEngine

/// The local-only admin API under `/_admin` (outside `/v1`, not in Knock's spec): environments
/// now; the workflow runtime adds clock, outbox and failure injection here.
///
/// Allowed on a loopback bind, or anywhere with `--admin-token` (then as `Authorization: Bearer`).
///
/// ```swift
/// var admin = AdminRoutes()
/// admin.add(.post, "/_admin/clock/advance") { call in
///     let env = try call.environment()          // ?environment=<id>, X-Knock-Environment, or the default
///     return .json(["now": .string(call.engine.now(env).iso8601)])
/// }
/// ```
public struct AdminRoutes: Sendable {
    public static let prefix = "/_admin/"
    public typealias AdminHandler = @Sendable (AdminCall) throws -> Reply

    /// Admin paths are matched like catalog paths (`KnockAPI.RouteMatcher`); the ones the
    /// script language calls are also catalog entries (`Endpoint.Scope.localEngine`).
    private var endpoints: [Endpoint] = []
    private var handlers: [String: AdminHandler] = [:]
    private var matcher = RouteMatcher([])

    public init() {}

    /// Adds a route; `path` uses `{name}` placeholders like the catalog. Routes are added at start-up.
    public mutating func add(_ method: AdminMethod, _ path: String, _ handler: @escaping AdminHandler) {
        let endpoint = Endpoint("admin", "\(method.rawValue) \(path)", HTTPMethod(rawValue: method.rawValue)!, path,
                                scope: .localEngine, summary: "")
        endpoints.append(endpoint)
        handlers[endpoint.id] = handler
        matcher = RouteMatcher(endpoints)
    }

    struct Match {
        let parameters: [String: String]
        let handler: AdminHandler
    }

    func match(method: String, path: String) -> Match? {
        guard let method = HTTPMethod(rawValue: method), let found = matcher.match(method, path),
              let handler = handlers[found.endpoint.id] else { return nil }
        return Match(parameters: found.pathParameters, handler: handler)
    }

    public enum AdminMethod: String, Sendable { case get = "GET", post = "POST", put = "PUT", delete = "DELETE" }
}

/// An admin request: no environment key; `environment()` picks one when the route needs it.
public struct AdminCall: Sendable {
    public let engine: Engine
    public let parameters: [String: String]
    public let query: QueryString
    let bodyBytes: [UInt8]
    let environmentHeader: String?

    public func path(_ name: String) -> String { parameters[name] ?? "" }

    public func body() throws(EngineError) -> JSON {
        if bodyBytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return .object([:]) }
        do { return try JSON.parse(bytes: bodyBytes) } catch {
            throw EngineError(.badRequest, code: "invalid_json", message: "The request body is not valid JSON: \(error)")
        }
    }

    /// The environment named by `?environment=` or `X-Knock-Environment` (an id or one of its
    /// keys), else the first (default) environment.
    public func environment() throws(EngineError) -> Environment {
        if let ref = query["environment"] ?? environmentHeader {
            if let env = engine.environments.find(id: ref) ?? engine.environments.find(key: ref)?.0 { return env }
            throw .notFound("environment", id: ref)
        }
        guard let env = engine.environments.all.first else { throw .notFound("environment") }
        return env
    }
}
