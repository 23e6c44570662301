import KnockCore
import KnockEngine

/// One API call as a handler sees it: the environment, who is calling, the path parameters, the
/// query and the body. No HTTP server types, so handlers read like the API reference.
///
/// ```swift
/// routes.add("users", "get") { call in
///     .json(try call.engine.getUser(call.env, id: call.path("user_id")))
/// }
/// ```
public struct Call: Sendable {
    public let engine: Engine
    public let env: Environment
    public let principal: Principal
    public let parameters: [String: String]
    public let query: QueryString
    public let headers: [String: String]
    let bodyBytes: [UInt8]
    /// The batch dedupe limit, when rate limits are on.
    var dedupeGate: DedupeGate? = nil

    /// A path parameter by its catalog name (`{user_id}` → `"user_id"`).
    public func path(_ name: String) -> String { parameters[name] ?? "" }

    /// The request body as JSON. Empty means `{}`; malformed JSON is a 400.
    public func body() throws(EngineError) -> JSON {
        if bodyBytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return .object([:]) }
        do { return try JSON.parse(bytes: bodyBytes) } catch {
            throw EngineError(.badRequest, code: "invalid_json", message: "The request body is not valid JSON: \(error)")
        }
    }

    /// The body, which must be a JSON object.
    public func bodyObject() throws(EngineError) -> JSONObject {
        guard case .object(let o) = try body() else { throw .invalid("body", "must be a JSON object") }
        return o
    }

    /// `after`, `before`, `page_size` from the query.
    public func pageRequest() throws(EngineError) -> PageRequest {
        try PageRequest(after: query["after"], before: query["before"], pageSize: query["page_size"])
    }

    /// `include[]=preferences`.
    public var includesPreferences: Bool { query.array("include").contains("preferences") }
}

/// Who made a call.
public enum Principal: Sendable, Equatable {
    case secretKey
    /// A publishable key, with the user a verified user token names (enhanced security) if any.
    case publishableKey(userID: String?)
}

/// What a handler answers: a status, an optional JSON body, extra headers.
public struct Reply: Sendable {
    public var status: Int
    public var body: JSON?
    public var headers: [(String, String)] = []

    public init(status: Int, body: JSON?, headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    public static func json(_ body: JSON, status: Int = 200) -> Reply { Reply(status: status, body: body) }
    public static let noContent = Reply(status: 204, body: nil)
}
