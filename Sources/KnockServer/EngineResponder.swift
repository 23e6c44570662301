import HTTPTypes
import Hummingbird
import KnockCore
import KnockEngine

/// The engine over HTTP: reads a Hummingbird request into an `EngineRequest`, lets
/// `EngineDispatch` answer it (routing, auth, rate limits, errors, request ids) and writes the
/// answer back. Nothing but the conversion lives here, so HTTP and the in-process transport
/// answer alike.
///
/// ```swift
/// let responder = EngineResponder(engine: engine, routes: Routes.all(), admin: AdminRoutes.all(), options: .init())
/// let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
/// ```
public struct EngineResponder: HTTPResponder {
    public typealias Context = BasicRequestContext
    public typealias Options = EngineDispatch.Options

    public let dispatch: EngineDispatch

    public init(engine: Engine, routes: RouteTable, admin: AdminRoutes, options: Options) {
        self.init(dispatch: EngineDispatch(engine: engine, routes: routes, admin: admin, options: options))
    }

    public init(dispatch: EngineDispatch) {
        self.dispatch = dispatch
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body: EngineRequest.Body
        if request.headers[.contentLength] == nil, request.headers[.transferEncoding] == nil {
            // No length and no chunking: HTTP/1.1 says there is no body; skip the async collection (GETs, polls).
            body = .bytes([])
        } else {
            do {
                let buffer = try await request.collectBody(upTo: dispatch.options.maxBodySize)
                body = .bytes(Array(buffer.readableBytesView))
            } catch {
                // Too large, or the connection went away: reported by the dispatch if the route reads it.
                body = .unreadable
            }
        }
        let response = dispatch.respond(to: EngineRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            headers: request.headers.map { ($0.name.canonicalName, $0.value) }, body: body))
        var headers = HTTPFields()
        for (name, value) in response.headers {
            if let n = HTTPField.Name(name) { headers[n] = value }
        }
        let status = HTTPResponse.Status(code: response.status)
        guard let bytes = response.body else { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
