import Foundation
import KnockCommands
import KnockScript
import KnockServer

/// How knocksh starts the local engine for `run`, `-c` and `-f`.
enum EngineLaunch {
    /// `KNOCKSH_ENGINE_URL` points at an engine that is already running (a `knocksh serve`
    /// elsewhere, or a test's fake server; it enforces rate limits if it was started with
    /// `--rate-limits`); otherwise the engine starts in this process.
    static func launcher(rateLimits: Bool = false) -> any EngineLauncher {
        if let url = Environment.get("KNOCKSH_ENGINE_URL"), !url.isEmpty { return ExistingEngine(baseURL: url) }
        do {
            return InProcessEngine(rateLimits: rateLimits, transport: try InProcessEngine.Transport.fromEnvironment())
        } catch {
            // Reported when the engine would start, as a failed start is.
            return FailingLauncher(error: error)
        }
    }
}

/// A launcher that cannot start: the engine's settings were wrong.
struct FailingLauncher: EngineLauncher {
    let error: any Error
    func start(workflowsDirectory: String?) async throws -> RunningEngine { throw error }
}

/// The engine inside this process (`KnockServer`), with the workflows of `--workflows` (or the
/// one found upward from the recipes). In memory: a run's data is thrown away with it. With
/// `rateLimits` it answers 429 past Knock's tiers, per test environment (each test has its own
/// buckets), timed by `rateLimitClock` (the wall clock; tests give one they step themselves).
///
/// Clients reach it in process (`InProcessTransport`: no socket, the same dispatch as the HTTP
/// server) unless `transport` is `.http`, which serves it on a free loopback port instead
/// (`KNOCKSH_ENGINE_TRANSPORT=http`, to run recipes over real HTTP).
struct InProcessEngine: EngineLauncher {
    enum Transport: String {
        case direct, http

        /// `KNOCKSH_ENGINE_TRANSPORT`: `http` for loopback HTTP; unset, empty or `direct` for in-process.
        static func fromEnvironment() throws -> Transport {
            guard let value = Environment.get("KNOCKSH_ENGINE_TRANSPORT"), !value.isEmpty else { return .direct }
            guard let transport = Transport(rawValue: value.lowercased()) else {
                throw EngineTransportError(value: value)
            }
            return transport
        }
    }

    var rateLimits = false
    var rateLimitClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    var transport: Transport = .direct

    func start(workflowsDirectory: String?) async throws -> RunningEngine {
        var configuration = LocalEngineServer.Configuration(host: "127.0.0.1", port: 0, workflowsDirectory: workflowsDirectory,
                                                            enforceRateLimits: rateLimits)
        configuration.rateLimitClock = rateLimitClock
        switch transport {
        case .direct:
            let embedded = try EmbeddedEngine.start(configuration)
            return RunningEngine(baseURL: EmbeddedEngine.baseURL, transport: embedded.transport) { embedded.shutdown() }
        case .http:
            let server = try await LocalEngineServer.start(configuration)
            return RunningEngine(baseURL: server.baseURL) { await server.shutdown() }
        }
    }
}

/// `KNOCKSH_ENGINE_TRANSPORT` holds something other than `direct` or `http`.
struct EngineTransportError: Error, CustomStringConvertible {
    let value: String
    var description: String { "KNOCKSH_ENGINE_TRANSPORT must be direct or http, not '\(value)'" }
}
