import KnockAPI

/// Starts the local Knock engine for `LocalEngineTarget`. The knocksh executable provides the
/// real one (the in-process `KnockServer`); tests provide a fake loopback server, so the target
/// is tested without the engine.
///
/// ```swift
/// struct Existing: EngineLauncher {
///     let url: String
///     func start(workflowsDirectory: String?) async throws -> RunningEngine {
///         RunningEngine(baseURL: url) {}
///     }
/// }
/// ```
public protocol EngineLauncher: Sendable {
    /// Starts the engine with the workflows of `workflowsDirectory` (nil: none) and answers
    /// once it accepts connections.
    func start(workflowsDirectory: String?) async throws -> RunningEngine
}

/// A started engine: where it listens, how to reach it, and how to stop it.
public struct RunningEngine: Sendable {
    public let baseURL: String
    /// How clients reach it: nil for HTTP to `baseURL`; an engine in this process hands its
    /// in-process transport.
    public let transport: (any KnockTransport)?
    public let stop: @Sendable () async -> Void

    public init(baseURL: String, transport: (any KnockTransport)? = nil, stop: @escaping @Sendable () async -> Void) {
        self.baseURL = baseURL
        self.transport = transport
        self.stop = stop
    }
}

/// An engine that is already running (`knocksh serve` elsewhere, or a test's fake server):
/// nothing to start or stop.
public struct ExistingEngine: EngineLauncher {
    public let baseURL: String

    public init(baseURL: String) {
        self.baseURL = baseURL
    }

    public func start(workflowsDirectory: String?) async throws -> RunningEngine {
        RunningEngine(baseURL: baseURL) {}
    }
}
