/// Finds the catalog entry for a concrete method and path, with its path parameters: the
/// local server's route table and the raw `http` command read the catalog through it.
///
/// ```swift
/// let m = RouteMatcher.catalog.match(.put, "/v1/users/u%201")!
/// m.endpoint.id               // "users identify"
/// m.pathParameters["user_id"] // "u 1" (percent-decoded)
/// ```
public struct RouteMatcher: Sendable {
    public struct Match: Sendable {
        public let endpoint: Endpoint
        public let pathParameters: [String: String]
    }

    /// Routes grouped by method and segment count, so a lookup compares only candidates that
    /// can match.
    private let routes: [RouteKey: [(segments: [Segment], endpoint: Endpoint)]]

    private struct RouteKey: Hashable, Sendable {
        let method: HTTPMethod
        let segmentCount: Int
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)

        var isLiteral: Bool { if case .literal = self { true } else { false } }
    }

    public static let catalog = RouteMatcher(Catalog.endpoints)

    public init(_ endpoints: [Endpoint]) {
        var routes: [RouteKey: [(segments: [Segment], endpoint: Endpoint)]] = [:]
        // An entry's alias paths (the spec's second path for the same operation) route to it too.
        for endpoint in endpoints {
            for path in [endpoint.path] + endpoint.aliasPaths {
                let segments: [Segment] = path.split(separator: "/").map { part in
                    part.hasPrefix("{") && part.hasSuffix("}")
                        ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
                }
                routes[RouteKey(method: endpoint.method, segmentCount: segments.count), default: []].append((segments, endpoint))
            }
        }
        // A literal segment wins over a parameter in the same place (`/v1/messages/batch/read`
        // before `/v1/messages/{message_id}/read`), whatever order the catalog lists them in.
        for key in routes.keys {
            routes[key]!.sort { a, b in a.segments.filter(\.isLiteral).count > b.segments.filter(\.isLiteral).count }
        }
        self.routes = routes
    }

    /// `path` is the request path without its query string; segments are percent-decoded, and a
    /// segment that decodes to nothing matches no parameter. Candidates are compared on their
    /// literal segments first and only the chosen one's parameters are decoded (every request
    /// goes through here).
    public func match(_ method: HTTPMethod, _ path: String) -> Match? {
        // Split on bytes: `/` is ASCII, and splitting the `String` walked its `Character`s.
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Substring($0) }
        guard let candidates = routes[RouteKey(method: method, segmentCount: parts.count)] else { return nil }
        candidateLoop: for c in candidates.indices {
            let segments = candidates[c].segments
            for (segment, part) in zip(segments, parts) {
                if case .literal(let literal) = segment, literal != part { continue candidateLoop }
            }
            var values: [String: String] = [:]
            for (segment, part) in zip(segments, parts) {
                guard case .parameter(let name) = segment else { continue }
                let value = PercentEncoding.decode(String(part))
                if value.isEmpty { continue candidateLoop }
                values[name] = value
            }
            return Match(endpoint: candidates[c].endpoint, pathParameters: values)
        }
        return nil
    }
}
