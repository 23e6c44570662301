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
    struct Route: Sendable {
        let endpoint: Endpoint
        let segments: [Segment]
        var handler: Handler?
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private(set) var routes: [Route]
    /// Routes by method and segment count, literal-heavy first, so `/v1/users/bulk/delete` wins over
    /// `/v1/users/{user_id}/merge`-like templates.
    private var index: [String: [Int]] = [:]

    public init(catalog: [Endpoint] = Catalog.endpoints) {
        routes = catalog.map { endpoint in
            let segments = endpoint.path.split(separator: "/").map { s -> Segment in
                s.hasPrefix("{") && s.hasSuffix("}") ? .parameter(String(s.dropFirst().dropLast())) : .literal(String(s))
            }
            return Route(endpoint: endpoint, segments: segments, handler: nil)
        }
        for (i, r) in routes.enumerated() {
            index["\(r.endpoint.method.rawValue) \(r.segments.count)", default: []].append(i)
        }
        for key in index.keys {
            index[key]!.sort { a, b in
                let la = routes[a].segments.filter { if case .literal = $0 { return true } else { return false } }.count
                let lb = routes[b].segments.filter { if case .literal = $0 { return true } else { return false } }.count
                return la > lb
            }
        }
    }

    /// Attaches the handler for catalog endpoint `section operation`. Unknown ids are a programming error.
    public mutating func add(_ section: String, _ operation: String, _ handler: @escaping Handler) {
        guard let i = routes.firstIndex(where: { $0.endpoint.section == section && $0.endpoint.operation == operation }) else {
            preconditionFailure("no catalog endpoint \(section) \(operation)")
        }
        routes[i].handler = handler
    }

    /// Endpoint ids (`"users identify"`) that have a handler.
    public var implemented: [String] { routes.filter { $0.handler != nil }.map(\.endpoint.id) }

    public struct Match: Sendable {
        public let endpoint: Endpoint
        public let parameters: [String: String]
        public let handler: Handler?
    }

    /// The endpoint for a method and raw (percent-encoded) path, with decoded parameters.
    public func match(method: String, path: String) -> Match? {
        let raw = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let candidates = index["\(method) \(raw.count)"] else { return nil }
        outer: for i in candidates {
            let route = routes[i]
            var params: [String: String] = [:]
            for (segment, value) in zip(route.segments, raw) {
                switch segment {
                case .literal(let l): if l != value { continue outer }
                case .parameter(let name):
                    let decoded = QueryString.decodePathSegment(value)
                    if decoded.isEmpty { continue outer }
                    params[name] = decoded
                }
            }
            return Match(endpoint: route.endpoint, parameters: params, handler: route.handler)
        }
        return nil
    }

    /// Whether any endpoint has this path under another method (for a 405-free, Knock-like 404 message).
    func pathExists(_ path: String) -> Bool {
        HTTPMethod.allCases.contains { match(method: $0.rawValue, path: path) != nil }
    }
}
