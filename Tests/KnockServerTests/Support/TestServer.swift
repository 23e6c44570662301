import KnockCore
import KnockEngine
@testable import KnockServer

/// Starts a real engine server on a free loopback port for one test.
///
/// ```swift
/// try await withServer { server, client in
///     let r = try client.request("GET", "/v1/users")
///     #expect(r.status == 200)
/// }
/// ```
func withServer(_ config: LocalEngineServer.Configuration = .init(port: 0), _ body: (LocalEngineServer, TestClient) async throws -> Void) async throws {
    var config = config
    config.port = 0
    let server = try await LocalEngineServer.start(config)
    let client = TestClient(port: server.port, key: server.defaultEnvironment.secretKey)
    do {
        try await body(server, client)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

extension JSON {
    /// `json["a.b.0.c"]` style access for assertions.
    func at(_ path: String) -> JSON? {
        var current: JSON? = self
        for part in path.split(separator: ".") {
            if let i = Int(part) { current = current?[i] } else { current = current?[String(part)] }
        }
        return current
    }
}
