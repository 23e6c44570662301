import Foundation
import KnockCore
import TestSupport

/// A Knock-shaped server on 127.0.0.1 for the command tests: the shared `LoopbackHTTPServer`
/// with requests decoded (path, query pairs, JSON body) and Knock-style answers.
///
/// ```swift
/// let fake = try FakeKnock { request in
///     request.path == "/v1/users/u1" ? .json(["id": "u1"]) : .error(404, "resource_missing")
/// }
/// defer { fake.stop() }
/// ```
final class FakeKnock: Sendable {
    struct Request: Sendable {
        let method: String
        let path: String
        let query: [(String, String)]
        let headers: [(String, String)]
        let body: JSON?
        let arrival: Double

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func query(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
        func queries(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }

        init(_ raw: LoopbackHTTPServer.Request) {
            method = raw.method
            path = raw.path
            query = raw.query
            headers = raw.headers
            body = raw.body.isEmpty ? nil : try? JSON.parse(raw.body)
            arrival = raw.arrival
        }
    }

    struct Response: Sendable {
        var status = 200
        var body = ""
        var headers: [(String, String)] = [("Content-Type", "application/json")]

        static func json(_ value: JSON, status: Int = 200) -> Response { Response(status: status, body: value.serialized()) }
        static func error(_ status: Int, _ code: String, _ message: String = "failed", requestID: String = "req_123") -> Response {
            Response(status: status, body: JSON.object(["code": .string(code), "message": .string(message), "status": .int(status), "type": "api_error"]).serialized(),
                     headers: [("Content-Type", "application/json"), ("x-request-id", requestID)])
        }
        static let noContent = Response(status: 204, body: "")
    }

    typealias Handler = @Sendable (Request) -> Response

    private let server: LoopbackHTTPServer

    init(_ handler: @escaping Handler) throws {
        server = try LoopbackHTTPServer { raw, _ in
            let answer = handler(Request(raw))
            return .init(status: answer.status, headers: answer.headers, body: answer.body)
        }
    }

    var baseURL: String { server.baseURL }
    var requests: [Request] { server.requests.map(Request.init) }
    func stop() { server.stop() }
}
