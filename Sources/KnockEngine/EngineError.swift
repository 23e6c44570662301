import KnockCore

/// Why the engine refused a request: the one error type of the engine (recipients, workflows,
/// messages alike), with Knock's error body `{code, message, status, type}` (semantics §7.2)
/// derived from its `kind` in one place (`status`, `type`, `json` below). None is a 5xx: Knock's
/// SDKs retry those, and a deterministic refusal must not be retried.
///
/// ```swift
/// throw EngineError.notFound("user", id: "u1")
/// throw EngineError.invalid("name", "must be a string")
/// ```
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// 400: the request could not be read at all (malformed JSON, wrong content).
        case badRequest
        /// 401: no usable credentials.
        case unauthenticated
        /// 403: credentials fine, action not allowed.
        case forbidden
        /// 404: the resource does not exist.
        case notFound
        /// 422: readable but invalid; `fields` says which.
        case invalid
        /// 429: over a rate limit; the server adds `retry-after`.
        case rateLimited
    }

    public struct FieldError: Sendable, Hashable {
        public let field: String
        public let message: String
        public let type: String
        public init(field: String, message: String, type: String = "invalid") {
            self.field = field
            self.message = message
            self.type = type
        }
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var fields: [FieldError]

    public init(_ kind: Kind, code: String, message: String, fields: [FieldError] = []) {
        self.kind = kind
        self.code = code
        self.message = message
        self.fields = fields
    }

    public var description: String { "\(code): \(message)" }

    /// The HTTP status Knock answers with.
    public var status: Int {
        switch kind {
        case .badRequest: 400
        case .unauthenticated: 401
        case .forbidden: 403
        case .notFound: 404
        case .invalid: 422
        case .rateLimited: 429
        }
    }

    /// The body's `type`.
    public var type: String {
        switch kind {
        case .badRequest, .notFound: "invalid_request_error"
        case .unauthenticated, .forbidden: "authentication_error"
        case .invalid: "invalid_params_error"
        case .rateLimited: "rate_limit_error"
        }
    }

    /// Knock's error body; a 422 also lists the offending fields under `errors`.
    public var json: JSON {
        var o: JSONObject = ["code": .string(code), "message": .string(message), "status": .int(status), "type": .string(type)]
        if kind == .invalid {
            o["errors"] = .array(fields.map { ["field": .string($0.field), "message": .string($0.message), "type": .string($0.type)] })
        }
        return .object(o)
    }

    public static func notFound(_ resource: String, id: String? = nil) -> EngineError {
        EngineError(.notFound, code: "resource_missing", message: id.map { "The \(resource) \"\($0)\" was not found." } ?? "The \(resource) was not found.")
    }

    /// A 422 naming one field, Knock's `invalid_params`.
    public static func invalid(_ field: String, _ message: String, type: String = "invalid") -> EngineError {
        EngineError(.invalid, code: "invalid_params", message: "\(field) \(message)", fields: [FieldError(field: field, message: message, type: type)])
    }

    public static func workflowMissing(_ key: String) -> EngineError {
        EngineError(.notFound, code: "workflow_missing", message: "The workflow \"\(key)\" was not found.")
    }

    public static func workflowInactive(_ key: String) -> EngineError {
        EngineError(.invalid, code: "workflow_inactive", message: "The workflow \"\(key)\" is not active in this environment.")
    }

    public static func badRequest(_ message: String) -> EngineError {
        EngineError(.badRequest, code: "invalid_request", message: message)
    }

    /// Storage faults are not the client's doing, but they must still never become a 5xx that an
    /// SDK would retry forever; they are reported as a 422 that names the fault.
    static func storage(_ error: StoreError) -> EngineError {
        EngineError(.invalid, code: "storage_error", message: error.description)
    }
}

/// Runs a storage block, turning `StoreError` into `EngineError` so engine methods have one error type.
@inline(__always)
func storing<T>(_ body: () throws -> T) throws(EngineError) -> T {
    do { return try body() } catch let e as EngineError { throw e } catch let e as StoreError { throw .storage(e) } catch {
        throw EngineError(.invalid, code: "invalid_params", message: "\(error)")
    }
}
