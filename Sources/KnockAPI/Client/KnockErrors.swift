import KnockCore

/// Knock (or the engine) answered 4xx/5xx, after any retries. Carries what Knock's error body
/// says (`{"code", "message", "status", "type"}`) and the `x-request-id` to quote to support.
///
/// ```swift
/// do { _ = try await client.call(Catalog.endpoint("users", "get")!, arguments: ["nobody"]) }
/// catch let error as KnockAPIError where error.status == 404 { print(error.code ?? "") }
/// ```
public struct KnockAPIError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let code: String?
    public let message: String
    public let type: String?
    public let requestID: String?
    /// The whole body as the server sent it (validation errors live in `errors`).
    public let body: JSON
    public let method: String
    /// Path and query of the failed request.
    public let path: String
    public let attempts: Int

    public init(response: APIResponse, method: String, path: String) {
        status = response.status
        body = response.body
        requestID = response.requestID
        self.method = method
        self.path = path
        attempts = response.attempts
        code = response.body["code"]?.stringValue
        type = response.body["type"]?.stringValue
        if let m = response.body["message"]?.stringValue, !m.isEmpty {
            message = m
        } else if !response.bodyText.isEmpty, response.body.objectValue == nil {
            message = String(response.bodyText.prefix(200))
        } else {
            message = "HTTP \(response.status)"
        }
    }

    public var description: String {
        var text = "\(method) \(path): \(status)"
        if let code { text += " \(code)" }
        text += ": \(message)"
        if let requestID { text += " (request id \(requestID))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }
}

/// No HTTP answer at all: refused, reset, DNS, TLS or timed out, after every retry.
public struct KnockConnectionError: Error, Sendable, CustomStringConvertible {
    public let method: String
    public let url: String
    public let reason: String
    public let isTimeout: Bool
    public let attempts: Int

    public var description: String {
        "\(method) \(url): \(isTimeout ? "timed out" : "connection failed") after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
    }
}

/// A local-engine command (clock, outbox, ...) aimed at a real Knock environment; refused
/// before anything is sent.
public struct KnockScopeError: Error, Sendable, CustomStringConvertible {
    public let command: String
    public var description: String {
        "\(command) is a local engine command: a real Knock environment has no such endpoint (run against the embedded engine, without --api-url)"
    }
}
