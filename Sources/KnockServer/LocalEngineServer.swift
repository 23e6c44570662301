import Foundation
import KnockCore
import KnockEngine

/// Runs the local Knock engine over HTTP: `knocksh serve` and the runner's embedded engine.
///
/// ```swift
/// let server = try await LocalEngineServer.start(.init(port: 0))
/// print(server.baseURL)                 // http://127.0.0.1:53117
/// print(server.defaultEnvironment.secretKey)
/// await server.shutdown()
/// ```
public final class LocalEngineServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port = 4000
        public var databasePath: String?
        public var workflowsDirectory: String?
        public var secretKey: String?
        public var publishableKey: String?
        public var adminToken: String?
        public var enforceRateLimits = false
        /// Seconds since 1970 as seen by the rate limiter; tests pin it so buckets never refill mid-test.
        public var rateLimitClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        /// Schedule occurrences missed while a `--db` file was closed: skipped or fired (`serve --missed-schedules`).
        public var missedSchedules: MissedSchedules = .skip

        public init(host: String = "127.0.0.1", port: Int = 4000, databasePath: String? = nil, workflowsDirectory: String? = nil,
                    secretKey: String? = nil, publishableKey: String? = nil, adminToken: String? = nil, enforceRateLimits: Bool = false) {
            self.host = host
            self.port = port
            self.databasePath = databasePath
            self.workflowsDirectory = workflowsDirectory
            self.secretKey = secretKey
            self.publishableKey = publishableKey
            self.adminToken = adminToken
            self.enforceRateLimits = enforceRateLimits
        }
    }

    public let engine: Engine
    /// What the server answers requests with; an `InProcessTransport` on it reaches the same
    /// engine, buckets and request ids without HTTP.
    public let dispatch: EngineDispatch
    public let baseURL: String
    public let port: Int
    public let defaultEnvironment: KnockEngine.Environment
    private let http: EngineHTTPServer

    private init(engine: Engine, dispatch: EngineDispatch, baseURL: String, defaultEnvironment: KnockEngine.Environment, http: EngineHTTPServer) {
        self.engine = engine
        self.dispatch = dispatch
        self.baseURL = baseURL
        self.port = http.port
        self.defaultEnvironment = defaultEnvironment
        self.http = http
    }

    /// Opens the store, makes sure the default environment exists with the configured keys, binds
    /// the port and returns once the server accepts connections.
    public static func start(_ config: Configuration, routes: RouteTable = Routes.all(), admin: AdminRoutes = Routes.admin()) async throws -> LocalEngineServer {
        let (engine, env, dispatch) = try makeEngine(config, routes: routes, admin: admin)
        let http: EngineHTTPServer
        do {
            http = try await EngineHTTPServer.bind(host: config.host, port: config.port, dispatch: dispatch)
        } catch {
            // Port in use, bad address: the socket error, and no engine left running.
            engine.shutdown()
            throw error
        }
        let hostForURL = config.host.contains(":") ? "[\(config.host)]" : config.host
        let baseURL = "http://\(hostForURL):\(http.port)"
        engine.baseURL = baseURL
        return LocalEngineServer(engine: engine, dispatch: dispatch, baseURL: baseURL, defaultEnvironment: env, http: http)
    }

    /// The engine, its default environment, and the dispatch every request goes through (over
    /// HTTP here, in process for `EmbeddedEngine`).
    static func makeEngine(_ config: Configuration, routes: RouteTable, admin: AdminRoutes) throws -> (Engine, KnockEngine.Environment, EngineDispatch) {
        let engine = try Engine(configuration: .init(databasePath: config.databasePath, workflowsDirectory: config.workflowsDirectory,
                                                     fetcher: AsyncHTTPFetcher(), missedSchedules: config.missedSchedules))
        let env = try defaultEnvironment(engine, config)
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(config.host)
        let dispatch = EngineDispatch(engine: engine, routes: routes, admin: admin,
                                      options: .init(enforceRateLimits: config.enforceRateLimits, adminToken: config.adminToken, loopbackOnly: loopback,
                                                     rateLimitClock: config.rateLimitClock))
        return (engine, env, dispatch)
    }

    /// The first environment, created on first start; given keys replace nothing silently: an
    /// existing database whose default keys differ gets a new environment with the given keys.
    static func defaultEnvironment(_ engine: Engine, _ config: Configuration) throws -> KnockEngine.Environment {
        if let sk = config.secretKey, let (env, kind) = engine.environments.find(key: sk), kind == .secret { return env }
        if config.secretKey == nil, config.publishableKey == nil, let first = engine.environments.all.first { return first }
        if let pk = config.publishableKey, let (env, _) = engine.environments.find(key: pk) { return env }
        return try engine.environments.create(name: "default", secretKey: config.secretKey, publishableKey: config.publishableKey)
    }

    /// Stops accepting connections, finishes in-flight requests and stops background work.
    public func shutdown() async {
        await http.shutdown()
        engine.shutdown()
    }

    /// Waits until the server stops (after `shutdown()` or a fatal error).
    public func wait() async throws {
        try await http.wait()
    }
}
