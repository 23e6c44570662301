import KnockAPI
import KnockCore
import KnockEngine

/// The local-only admin API under `/_admin` (outside `/v1`, not in Knock's spec): environments,
/// the clock, the outbox and failure injection. Every route is a catalog entry of scope
/// `.localEngine` (`KnockAPI/Catalog/Sections/LocalEngine.swift`): the catalog holds the path,
/// this table attaches the handler by the entry's id, as `RouteTable` does for `/v1`.
///
/// Allowed on a loopback bind, or anywhere with `--admin-token` (then as `Authorization: Bearer`).
///
/// ```swift
/// var admin = AdminRoutes()
/// admin.add("clock", "advance") { call in
///     let env = try call.environment()          // ?environment=<id>, X-Knock-Environment, or the default
///     return .json(["now": .string(call.engine.now(env).iso8601)])
/// }
/// ```
public struct AdminRoutes: Sendable {
    public static let prefix = "/_admin/"
    public typealias AdminHandler = @Sendable (AdminCall) throws -> Reply

    private var endpoints: [Endpoint] = []
    private var handlers: [String: AdminHandler] = [:]
    private var matcher = RouteMatcher([])

    public init() {}

    /// Attaches the handler of the local-engine catalog entry `section operation`. Routes are
    /// added at start-up; a name the catalog lacks is a programming error.
    public mutating func add(_ section: String, _ operation: String, _ handler: @escaping AdminHandler) {
        guard let endpoint = Catalog.endpoint(section, operation), endpoint.scope == .localEngine else {
            preconditionFailure("no local-engine catalog entry \"\(section) \(operation)\"")
        }
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

    /// The catalog ids with a handler.
    public var implemented: [String] { endpoints.map(\.id) }
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
