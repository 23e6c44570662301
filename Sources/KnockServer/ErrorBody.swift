import KnockCore
import KnockEngine

/// Knock's error body for an `EngineError` (the mapping lives on `EngineError` itself), plus the
/// server's own refusals: no route, and endpoints the local engine does not serve yet.
///
/// ```swift
/// ErrorBody(EngineError.notFound("user", id: "u1")).status   // 404
/// ErrorBody(EngineError.notFound("user", id: "u1")).json      // {"code":"resource_missing",...}
/// ```
struct ErrorBody {
    let status: Int
    let json: JSON

    init(_ error: EngineError) {
        status = error.status
        json = error.json
    }

    static func routeNotFound(method: String, path: String) -> EngineError {
        EngineError(.notFound, code: "resource_missing", message: "No route for \(method) \(path).")
    }

    static func notImplemented(_ id: String) -> EngineError {
        EngineError(.notFound, code: "resource_missing", message: "The endpoint \"\(id)\" is not implemented by the local engine yet.")
    }
}
