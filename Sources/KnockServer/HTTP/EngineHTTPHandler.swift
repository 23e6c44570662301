import Dispatch
import KnockCore
import NIOCore
import NIOHTTP1
import Synchronization

/// One HTTP/1.1 connection of the engine server: collects a request (head, body up to the size
/// limit), lets `EngineDispatch` answer it, and writes the answer.
///
/// The answer is made on the event loop when it is the only request in flight on the server
/// and can only wait on CPU work (`EngineDispatch.respondIfCPUBound`: in-memory store, no
/// `http_fetch` workflow loaded): handing it to another thread and back cost 0.1–0.2 ms of a
/// ~1.1 ms trigger → read round trip. With other requests in flight the loops stay free for
/// them (answering every request on the two loops cost identify ~15 % of its throughput: a loop
/// waiting for the store lock left its core idle).
///
/// Otherwise the answer is made on the connection's own queue, off the event loop, because it
/// may wait on the network: an `http_fetch` step may call this very server, which needs the
/// event loop free. One serial queue per connection keeps pipelined requests in order
/// (`HTTPServerPipelineHandler` hands over one request at a time); a queue made with a label
/// gets a thread of its own when the others are blocked, so a blocked request never starves
/// another connection.
final class EngineHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let dispatch: EngineDispatch
    private let inFlight: RequestsInFlight
    private let queue = DispatchQueue(label: "knocksh.engine.connection")
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    /// Set when the body went over the limit: the rest is dropped and the route sees `.unreadable`.
    private var bodyTooLarge = false

    init(dispatch: EngineDispatch, inFlight: RequestsInFlight) {
        self.dispatch = dispatch
        self.inFlight = inFlight
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            bodyTooLarge = false
        case .body(var chunk):
            guard !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > dispatch.options.maxBodySize {
                bodyTooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let bytes: EngineRequest.Body = bodyTooLarge ? .unreadable : .bytes(body.map { Array($0.readableBytesView) } ?? [])
            body = nil
            let (path, query) = Self.split(requestHead.uri)
            let request = EngineRequest(method: requestHead.method.rawValue, path: path, query: query,
                                        headers: requestHead.headers.map { ($0.name, $0.value) }, body: bytes)
            let (keepAlive, isHEAD) = (requestHead.isKeepAlive, requestHead.method == .HEAD)
            if inFlight.begin(), let response = dispatch.respondIfCPUBound(to: request) {
                write(response, context: context, keepAlive: keepAlive, isHEAD: isHEAD)
                return inFlight.end()
            }
            let reply = ReplyContext(context: NIOLoopBound(context, eventLoop: context.eventLoop), handler: NIOLoopBound(self, eventLoop: context.eventLoop),
                                     keepAlive: keepAlive, isHEAD: isHEAD)
            let (dispatch, inFlight) = (self.dispatch, self.inFlight)
            queue.async {
                let response = dispatch.respond(to: request)
                reply.context.eventLoop.execute {
                    reply.handler.value.write(response, context: reply.context.value, keepAlive: reply.keepAlive, isHEAD: reply.isHEAD)
                    inFlight.end()
                }
            }
        }
    }

    /// What the answer needs once the dispatch returns, carried to the event loop.
    private struct ReplyContext: Sendable {
        let context: NIOLoopBound<ChannelHandlerContext>
        let handler: NIOLoopBound<EngineHTTPHandler>
        let keepAlive: Bool
        let isHEAD: Bool
    }

    /// A request the parser rejected gets Knock's 400 error body, then the connection closes
    /// (what follows on it cannot be framed). `HTTPServerPipelineHandler` delivers the error
    /// after the answers to the requests before it.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.close(promise: nil)
            return
        }
        head = nil
        body = nil
        write(dispatch.respondToUnparsableRequest(), context: context, keepAlive: false, isHEAD: false)
    }

    private func write(_ response: EngineResponse, context: ChannelHandlerContext, keepAlive: Bool, isHEAD: Bool) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 2)
        var hasLength = false
        for (name, value) in response.headers {
            if !hasLength, name.equalsIgnoringASCIICase("content-length") { hasLength = true }
            headers.add(name: name, value: value)
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        // Without a length the encoder would pick chunked; an empty answer says so instead.
        if !hasLength, response.status != 204, response.status != 304 { headers.add(name: "content-length", value: "0") }
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if let bytes = response.body, !bytes.isEmpty, !isHEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    /// The request target's path and query (without `?`); an absolute-form target
    /// (`http://host/path`) is reduced to its path.
    static func split(_ uri: String) -> (path: String, query: String?) {
        var target = Substring(uri)
        if !target.hasPrefix("/"), let scheme = target.range(of: "://") {
            let rest = target[scheme.upperBound...]
            target = rest.firstIndex(where: { $0 == "/" || $0 == "?" }).map { rest[$0...] } ?? "/"
            if target.hasPrefix("?") { target = "/" + target }
        }
        guard let mark = target.firstIndex(of: "?") else { return (String(target), nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}

/// How many requests the server is answering, so one alone may be answered on its event loop.
final class RequestsInFlight: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts a request in; true when it is the only one in flight.
    func begin() -> Bool {
        count.add(1, ordering: .relaxed).newValue == 1
    }

    func end() {
        count.subtract(1, ordering: .relaxed)
    }
}
