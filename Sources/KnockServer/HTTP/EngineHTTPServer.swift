import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The engine's HTTP/1.1 listener on SwiftNIO: NIO's request decoder and pipelining handler,
/// then `EngineHTTPHandler`. Plain NIO rather than a web framework: the engine needs one
/// responder and no routing, and a request costs about half the CPU (docs/architecture.md).
///
/// ```swift
/// let server = try await EngineHTTPServer.bind(host: "127.0.0.1", port: 0, dispatch: dispatch)
/// print(server.port)
/// await server.shutdown()     // stop accepting, finish in-flight requests, close connections
/// ```
final class EngineHTTPServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let connections: Connections

    private init(channel: any Channel, connections: Connections) {
        self.channel = channel
        self.connections = connections
        self.port = channel.localAddress?.port ?? 0
    }

    /// Binds and listens; throws the socket error (e.g. address in use) when it cannot.
    static func bind(host: String, port: Int, dispatch: EngineDispatch,
                     group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> EngineHTTPServer {
        let connections = Connections()
        let inFlight = RequestsInFlight()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                guard connections.add(channel) else { return channel.close() }
                return channel.eventLoop.makeCompletedFuture(withResultOf: {
                    // No NIO error handler: ours answers a parse error with Knock's JSON body.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
                    try channel.pipeline.syncOperations.addHandler(EngineHTTPHandler(dispatch: dispatch, inFlight: inFlight))
                })
            }
            .bind(host: host, port: port).get()
        return EngineHTTPServer(channel: channel, connections: connections)
    }

    /// Stops accepting, lets each connection finish the request it is answering (idle ones close
    /// at once) and returns when all are closed.
    func shutdown() async {
        try? await channel.close()
        for connection in connections.quiesce() {
            connection.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            try? await connection.closeFuture.get()
        }
    }

    /// Returns when the listener has closed.
    func wait() async throws {
        try await channel.closeFuture.get()
    }

    /// The open connections, for a graceful shutdown.
    private final class Connections: Sendable {
        private let state = NIOLockedValueBox<(open: [ObjectIdentifier: any Channel], quiescing: Bool)>(([:], false))

        /// False once shutting down: the connection is refused.
        func add(_ channel: any Channel) -> Bool {
            let added = state.withLockedValue { state -> Bool in
                guard !state.quiescing else { return false }
                state.open[ObjectIdentifier(channel)] = channel
                return true
            }
            if added {
                channel.closeFuture.whenComplete { [self] _ in
                    _ = state.withLockedValue { $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
                }
            }
            return added
        }

        func quiesce() -> [any Channel] {
            state.withLockedValue { state in
                state.quiescing = true
                return Array(state.open.values)
            }
        }
    }
}
