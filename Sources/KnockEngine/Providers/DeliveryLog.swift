import Foundation
import KnockCore

/// The request a simulated provider "made", as `MessageDeliveryLog.request` records it.
///
/// ```swift
/// LoggedRequest(method: "POST", host: "api.postmarkapp.com", path: "/email",
///               headers: ["Content-Type": "application/json"], body: ["From": "a@b.test"])
/// ```
public struct LoggedRequest: Sendable, Hashable {
    public var method: String
    public var host: String
    public var path: String
    /// The query string with its leading `?` (the spec's example is `?foo=bar`), nil for none.
    public var query: String?
    public var headers: JSONObject
    /// A JSON object, or a string (form bodies, raw webhook text).
    public var body: JSON

    public init(method: String, host: String, path: String, query: String? = nil, headers: JSONObject? = nil, body: JSON = .null) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers ?? [:]
        self.body = body
    }

    /// `MessageDeliveryLogRequest`.
    public var json: JSON {
        ["method": .string(method), "host": .string(host), "path": .string(path),
         "query": query.map(JSON.string) ?? .null, "headers": .object(headers), "body": body]
    }
}

/// The response a simulated provider "returned", as `MessageDeliveryLog.response` records it.
public struct LoggedResponse: Sendable, Hashable {
    public var status: Int
    public var headers: JSONObject
    public var body: JSON

    /// `headers` nil means `Content-Type: application/json`, what every modelled provider answers with.
    public init(status: Int, headers: JSONObject? = nil, body: JSON = .null) {
        self.status = status
        self.headers = headers ?? ["Content-Type": "application/json"]
        self.body = body
    }

    /// `MessageDeliveryLogResponse`.
    public var json: JSON { ["status": .int(status), "headers": .object(headers), "body": body] }
}

/// One `MessageDeliveryLog`: a request to the provider and its response.
///
/// ```swift
/// outcome.deliveryLogs.map { $0.json(environmentID: env.id) }   // what /delivery_logs lists
/// ```
public struct DeliveryLogEntry: Sendable, Hashable {
    public var id: String
    /// `service_name`, the provider's display name (`Postmark`, `Twilio`, `APNs`, `Slack`, ...).
    public var serviceName: String
    public var request: LoggedRequest
    public var response: LoggedResponse
    public var insertedAt: Date
    /// Which attempt (1-based) and which destination (index into the provider's destinations) it was.
    public var attempt: Int
    public var destinationIndex: Int

    /// The spec's `MessageDeliveryLog` object; the environment id is the caller's (providers do not know it).
    public func json(environmentID: UUID) -> JSON {
        ["__typename": "MessageDeliveryLog", "id": .string(id),
         "environment_id": .string(UUIDText.lowercased(environmentID)), "service_name": .string(serviceName),
         "inserted_at": .string(ProviderTimestamp.string(insertedAt)), "request": request.json, "response": response.json]
    }
}
