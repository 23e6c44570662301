import KnockCore

/// Why the engine refused a request, in terms the server maps onto Knock's error body
/// `{code, message, status, type}` (semantics §7.2). The engine never names HTTP statuses; the
/// `kind` does, in one switch in KnockServer.
///
/// ```swift
/// throw EngineError.notFound("user", id: "u1")
/// throw EngineError.invalid("name", "must be a string")
/// ```
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
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

    public struct FieldError: Sendable, Equatable {
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

    public static func notFound(_ resource: String, id: String? = nil) -> EngineError {
        EngineError(.notFound, code: "resource_missing", message: id.map { "The \(resource) \"\($0)\" was not found." } ?? "The \(resource) was not found.")
    }

    /// A 422 naming one field, Knock's `invalid_params`.
    public static func invalid(_ field: String, _ message: String) -> EngineError {
        EngineError(.invalid, code: "invalid_params", message: "\(field) \(message)", fields: [FieldError(field: field, message: message)])
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
