import Foundation
import KnockCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// A Knock-shaped HTTP server on 127.0.0.1 for the command tests: it records every request
/// (method, path, decoded query, headers, JSON body) and answers from the test's closure.
///
/// ```swift
/// let fake = try FakeKnock { request in
///     request.path == "/v1/users/u1" ? .json(["id": "u1"]) : .error(404, "resource_missing")
/// }
/// defer { fake.stop() }
/// ```
final class FakeKnock: @unchecked Sendable {
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

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel!
    private let lock = NSLock()
    private var recorded: [Request] = []
    private let started = Date()
    let handler: Handler

    init(_ handler: @escaping Handler) throws {
        self.handler = handler
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(Connection(server: self)) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    var baseURL: String { "http://127.0.0.1:\(channel.localAddress!.port!)" }

    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    fileprivate func handle(_ head: HTTPRequestHead, _ body: String) -> Response {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query: [(String, String)] = parts.count > 1 ? parts[1].split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { (String(s).replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(s) }
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        } : []
        let request = Request(
            method: head.method.rawValue, path: String(parts[0]).removingPercentEncoding ?? String(parts[0]), query: query,
            headers: head.headers.map { ($0.name, $0.value) }, body: body.isEmpty ? nil : try? JSON.parse(body),
            arrival: Date().timeIntervalSince(started))
        lock.lock()
        recorded.append(request)
        lock.unlock()
        return handler(request)
    }

    private final class Connection: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let server: FakeKnock
        var head: HTTPRequestHead?
        var body = ""

        init(server: FakeKnock) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body = ""
            case .body(var buffer):
                body += buffer.readString(length: buffer.readableBytes) ?? ""
            case .end:
                guard let head else { return }
                let response = server.handle(head, body)
                var headers = HTTPHeaders(response.headers)
                headers.replaceOrAdd(name: "Content-Length", value: String(response.body.utf8.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: response.status), headers: headers))), promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
                buffer.writeString(response.body)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
