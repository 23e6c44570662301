import KnockCore
import KnockEngine

/// Knock's error body `{code, message, status, type}` (+ `errors` on 422), built from an
/// `EngineError`. The one place engine failures become HTTP statuses; none of them is a 5xx,
/// because Knock's SDKs retry 5xx (and 409/429) and a deterministic failure must not be retried.
///
/// ```swift
/// ErrorBody(EngineError.notFound("user", id: "u1")).status   // 404
/// ErrorBody(EngineError.notFound("user", id: "u1")).json      // {"code":"resource_missing",...}
/// ```
struct ErrorBody {
    let status: Int
    let json: JSON

    init(_ error: EngineError) {
        let (status, type): (Int, String)
        switch error.kind {
        case .badRequest: (status, type) = (400, "invalid_request_error")
        case .unauthenticated: (status, type) = (401, "authentication_error")
        case .forbidden: (status, type) = (403, "authentication_error")
        case .notFound: (status, type) = (404, "invalid_request_error")
        case .invalid: (status, type) = (422, "invalid_params_error")
        case .rateLimited: (status, type) = (429, "rate_limit_error")
        }
        var o: JSONObject = [
            "code": .string(error.code), "message": .string(error.message),
            "status": .int(status), "type": .string(type),
        ]
        if status == 422 {
            o["errors"] = .array(error.fields.map { ["field": .string($0.field), "message": .string($0.message), "type": .string($0.type)] })
        }
        self.status = status
        self.json = .object(o)
    }

    static func routeNotFound(method: String, path: String) -> EngineError {
        EngineError(.notFound, code: "resource_missing", message: "No route for \(method) \(path).")
    }

    static func notImplemented(_ id: String) -> EngineError {
        EngineError(.notFound, code: "resource_missing", message: "The endpoint \"\(id)\" is not implemented by the local engine yet.")
    }
}
