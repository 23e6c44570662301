import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 for tests: it records every request with the time it
/// arrived and answers from a script, so a test can assert what a client sent and how long it
/// waited between attempts. Shared by the client tests and (wrapped as `FakeKnock`) the command tests.
///
/// ```swift
/// let server = try LoopbackHTTPServer { request, index in
///     index == 0 ? .init(status: 503) : .init(status: 200, body: #"{"ok":true}"#)
/// }
/// defer { server.stop() }
/// // point a client at server.baseURL, then read server.requests
/// ```
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public let method: String
        public let uri: String
        public let headers: [(String, String)]
        public let body: String
        /// Seconds since the server started, when the request head arrived.
        public let arrival: Double

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The URI's path, percent-decoded.
        public var path: String {
            let raw = String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            return raw.removingPercentEncoding ?? raw
        }

        /// The query's pairs in order, `+` and percent escapes decoded.
        public var query: [(String, String)] {
            let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count > 1 else { return [] }
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            return parts[1].split(separator: "&").map { pair in
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
            }
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)] = []
        public var body: String = ""
        /// Hold the answer back this long (to test cancellation and timeouts).
        public var delay: TimeAmount = .zero

        public init(status: Int, headers: [(String, String)] = [], body: String = "", delay: TimeAmount = .zero) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }
    }

    public typealias Responder = @Sendable (Request, Int) -> Response

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel!
    private let lock = NSLock()
    private var recorded: [Request] = []
    private let started = Date()
    let responder: Responder

    public init(_ responder: @escaping Responder) throws {
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

    public var port: Int { channel.localAddress!.port! }
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public func stop() {
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

        let server: LoopbackHTTPServer
        var head: HTTPRequestHead?
        var arrival = 0.0
        var body = ""

        init(server: LoopbackHTTPServer) { self.server = server }

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
