import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing

/// Every catalog entry, run as a script command, reaches the server as the request its entry
/// describes (the route the server would match is that same entry). Against a loopback fake:
/// the engine-backed coverage test joins once the engine is in the build.
@Suite struct CatalogCommandCoverageTests {
    /// `SECTION OPERATION p1 p2 [positional values] [{}]` for an endpoint.
    static func invocation(_ e: Endpoint) -> String {
        var words = [e.section, e.operation]
        words += e.pathParameters.indices.map { "p\($0 + 1)" }
        words += e.positionalParameters.map { $0.name == "duration" ? "10m" : "v" }
        if e.bodyParameters.contains(where: { !$0.positional }) { words.append("{}") }
        return words.joined(separator: " ")
    }

    @Test func everyEntryBecomesItsOwnRequest() async throws {
        let fake = try FakeKnock { _ in .json(["ok": true]) }
        defer { fake.stop() }
        let script = Catalog.endpoints.map(Self.invocation).joined(separator: "\n")
        let run = await runAPIScript(script, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        let requests = fake.requests
        #expect(requests.count == Catalog.endpoints.count)
        for (endpoint, request) in zip(Catalog.endpoints, requests) {
            let method = HTTPMethod(rawValue: request.method)!
            let encodedPath = PercentEncoding.encodePath(request.path)
            let matched = RouteMatcher.catalog.match(method, encodedPath)?.endpoint.id
            #expect(matched == endpoint.id, "\(Self.invocation(endpoint)) sent \(request.method) \(request.path)")
            if endpoint.takesBody { #expect(request.body != nil, "\(endpoint.id) sends a body") }
        }
    }
}
