import KnockCore

/// A request the workflow runtime refused, in the shape of Knock's error body
/// `{code, message, status, type}` (plus `errors` on 422, semantics §7.2). Never a 5xx: Knock's
/// SDKs retry those, and a deterministic refusal must not be retried.
///
/// ```swift
/// throw WorkflowError.workflowMissing("welcome")
/// WorkflowError.workflowMissing("welcome").json
/// // {"code":"workflow_missing","message":"…","status":404,"type":"invalid_request_error"}
/// ```
public struct WorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// 400: unreadable request.
        case badRequest
        /// 404: the workflow (or actor) does not exist.
        case notFound
        /// 422: readable but invalid; `fields` says which.
        case invalid
    }

    public struct FieldError: Sendable, Hashable {
        public var field: String
        public var message: String
        public var type: String
        public init(field: String, message: String, type: String = "invalid") {
            self.field = field
            self.message = message
            self.type = type
        }
        public var json: JSON { ["field": .string(field), "message": .string(message), "type": .string(type)] }
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

    public var status: Int {
        switch kind {
        case .badRequest: return 400
        case .notFound: return 404
        case .invalid: return 422
        }
    }

    public var type: String {
        switch kind {
        case .badRequest, .notFound: return "invalid_request_error"
        case .invalid: return "invalid_params_error"
        }
    }

    /// Knock's error body.
    public var json: JSON {
        var o: JSONObject = ["code": .string(code), "message": .string(message), "status": .int(status), "type": .string(type)]
        if kind == .invalid { o["errors"] = .array(fields.map(\.json)) }
        return .object(o)
    }

    public var description: String { "\(code): \(message)" }

    public static func workflowMissing(_ key: String) -> WorkflowError {
        WorkflowError(.notFound, code: "workflow_missing", message: "The workflow \"\(key)\" was not found.")
    }

    public static func workflowInactive(_ key: String) -> WorkflowError {
        WorkflowError(.invalid, code: "workflow_inactive", message: "The workflow \"\(key)\" is not active in this environment.")
    }

    /// `invalid_params` naming one field.
    public static func invalid(_ field: String, _ message: String, type: String = "invalid") -> WorkflowError {
        WorkflowError(.invalid, code: "invalid_params", message: "\(field) \(message)", fields: [FieldError(field: field, message: message, type: type)])
    }
}
