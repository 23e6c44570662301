import KnockEngine

/// The local engine inside this process with no listener: clients reach it through
/// `transport` (`InProcessTransport`), which calls the same `EngineDispatch` as the HTTP
/// server. What `knocksh run`, `-c`, `-f` and the shell use by default; `LocalEngineServer`
/// serves the same engine over loopback HTTP (`knocksh serve`, `KNOCKSH_ENGINE_TRANSPORT=http`).
///
/// ```swift
/// let embedded = try EmbeddedEngine.start(.init(workflowsDirectory: "recipes/workflows"))
/// let client = KnockClient(configuration: .init(baseURL: EmbeddedEngine.baseURL, isLocalEngine: true),
///                          transport: embedded.transport)
/// embedded.shutdown()
/// ```
public final class EmbeddedEngine: Sendable {
    /// Where requests "go": not a network address (nothing listens), but a URL for `.last`,
    /// error messages and the engine's own links (a bulk operation's `progress_path`).
    public static let baseURL = "inprocess://knocksh-engine"

    public let engine: Engine
    public let transport: InProcessTransport
    public let defaultEnvironment: KnockEngine.Environment

    private init(engine: Engine, transport: InProcessTransport, defaultEnvironment: KnockEngine.Environment) {
        self.engine = engine
        self.transport = transport
        self.defaultEnvironment = defaultEnvironment
    }

    /// Opens the store and loads the workflows; `host` and `port` of the configuration are not used.
    public static func start(_ config: LocalEngineServer.Configuration, routes: RouteTable = Routes.all(),
                             admin: AdminRoutes = Routes.admin()) throws -> EmbeddedEngine {
        let (engine, env, dispatch) = try LocalEngineServer.makeEngine(config, routes: routes, admin: admin)
        engine.baseURL = baseURL
        return EmbeddedEngine(engine: engine, transport: InProcessTransport(dispatch: dispatch), defaultEnvironment: env)
    }

    /// Stops background work (scheduled steps, the runtime's queue).
    public func shutdown() {
        engine.shutdown()
    }
}
