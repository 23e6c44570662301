import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 for client tests: it records every request with the
/// time it arrived and answers from a script, so a test can assert what the client sent and
/// how long it waited between attempts.
///
/// ```swift
/// let server = try TestHTTPServer { request, index in
///     index == 0 ? .init(status: 503) : .init(status: 200, body: #"{"ok":true}"#)
/// }
/// defer { server.stop() }
/// // point a client at server.baseURL, then read server.requests
/// ```
final class TestHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        let method: String
        let uri: String
        let headers: [(String, String)]
        let body: String
        /// Seconds since the server started, when the request head arrived.
        let arrival: Double

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String = ""
        /// Hold the answer back this long (to test cancellation and timeouts).
        var delay: TimeAmount = .zero
    }

    typealias Responder = @Sendable (Request, Int) -> Response

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel!
    private let lock = NSLock()
    private var recorded: [Request] = []
    private let started = Date()
    let responder: Responder

    init(_ responder: @escaping Responder) throws {
        self.responder = responder
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(server: self))
                }
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
    }

    var port: Int { channel.localAddress!.port! }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    fileprivate func handle(method: String, uri: String, headers: [(String, String)], body: String, arrival: Double) -> Response {
        lock.lock()
        let request = Request(method: method, uri: uri, headers: headers, body: body, arrival: arrival)
        let index = recorded.count
        recorded.append(request)
        lock.unlock()
        return responder(request, index)
    }

    fileprivate var now: Double { Date().timeIntervalSince(started) }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: TestHTTPServer
        var head: HTTPRequestHead?
        var arrival = 0.0
        var body = ""

        init(server: TestHTTPServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                arrival = server.now
                body = ""
            case .body(var buffer):
                body += buffer.readString(length: buffer.readableBytes) ?? ""
            case .end:
                guard let head else { return }
                let response = server.handle(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                    body: body, arrival: arrival)
                let keepAlive = head.isKeepAlive
                let write = { [self] in
                    var headers = HTTPHeaders(response.headers)
                    headers.replaceOrAdd(name: "Content-Length", value: String(response.body.utf8.count))
                    if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
                    let status = HTTPResponseStatus(statusCode: response.status)
                    context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                    var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
                    buffer.writeString(response.body)
                    context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                        if !keepAlive { context.close(promise: nil) }
                    }
                }
                if response.delay > .zero {
                    context.eventLoop.scheduleTask(in: response.delay) { write() }
                } else {
                    write()
                }
            }
        }
    }
}
