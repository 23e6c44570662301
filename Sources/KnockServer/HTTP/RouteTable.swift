import KnockAPI
import KnockEngine

/// A handler for one catalog endpoint.
public typealias Handler = @Sendable (Call) throws -> Reply

/// The route table: every catalog endpoint, each with a handler or none yet. Paths come from
/// `Catalog.endpoints`, never written twice; a handler is attached by the endpoint's id.
///
/// ```swift
/// var routes = RouteTable()
/// routes.add("users", "get") { call in .json(try call.engine.getUser(call.env, id: call.path("user_id"))) }
/// routes.match(method: "GET", path: "/v1/users/u1")   // (endpoint "users get", ["user_id": "u1"], handler)
/// ```
public struct RouteTable: Sendable {
    /// Path matching is the catalog's own (`KnockAPI.RouteMatcher`), shared with the `http` command.
    private let matcher: RouteMatcher
    private let endpoints: [Endpoint]
    private var handlers: [String: Handler] = [:]

    public init(catalog: [Endpoint] = Catalog.endpoints) {
        matcher = RouteMatcher(catalog)
        endpoints = catalog
    }

    /// Attaches the handler for catalog endpoint `section operation`. Unknown ids are a programming error.
    public mutating func add(_ section: String, _ operation: String, _ handler: @escaping Handler) {
        let id = "\(section) \(operation)"
        guard endpoints.contains(where: { $0.id == id }) else {
            preconditionFailure("no catalog endpoint \(id)")
        }
        handlers[id] = handler
    }

    /// Endpoint ids (`"users identify"`) that have a handler, in catalog order.
    public var implemented: [String] { endpoints.map(\.id).filter { handlers[$0] != nil } }

    public struct Match: Sendable {
        public let endpoint: Endpoint
        public let parameters: [String: String]
        public let handler: Handler?
    }

    /// The endpoint for a method and raw (percent-encoded) path, with decoded parameters.
    public func match(method: String, path: String) -> Match? {
        guard let method = HTTPMethod(rawValue: method), let found = matcher.match(method, path) else { return nil }
        return Match(endpoint: found.endpoint, parameters: found.pathParameters, handler: handlers[found.endpoint.id])
    }

    /// Whether any endpoint has this path under another method (for a 405-free, Knock-like 404 message).
    func pathExists(_ path: String) -> Bool {
        HTTPMethod.allCases.contains { match(method: $0.rawValue, path: path) != nil }
    }
}
