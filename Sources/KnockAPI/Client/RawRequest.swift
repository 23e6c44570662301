import KnockCore

/// Builds the request of `http METHOD PATH [BODY]` as written: the path's own query string is
/// kept (decoded, then re-encoded the one canonical way), characters a path cannot hold are
/// escaped, existing `%XX` escapes are kept.
///
/// ```swift
/// RawRequest.make(.get, "/v1/users?page_size=2").pathAndQuery   // "/v1/users?page_size=2"
/// ```
public enum RawRequest {
    public static func make(_ method: HTTPMethod, _ path: String, body: JSON? = nil) -> APIRequest {
        var pathPart = path
        var query: [QueryItem] = []
        if let mark = path.firstIndex(of: "?") {
            pathPart = String(path[..<mark])
            query = path[path.index(after: mark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return QueryItem(PercentEncoding.decode(String(parts[0])),
                                 parts.count > 1 ? PercentEncoding.decode(String(parts[1])) : "")
            }
        }
        if !pathPart.hasPrefix("/") { pathPart = "/" + pathPart }
        return APIRequest(method, PercentEncoding.encodePath(pathPart), query: query, body: body,
                          endpointID: RouteMatcher.catalog.match(method, pathPart)?.endpoint.id)
    }
}

/// A raw request the client cannot send.
public enum RawRequestError: Error, Equatable, CustomStringConvertible {
    case unknownMethod(String)
    public var description: String {
        switch self {
        case .unknownMethod(let m):
            return "http: unknown method \(m) (use one of \(HTTPMethod.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
