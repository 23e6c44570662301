import Foundation
import KnockCore
import KnockEngine
import TestSupport
import Testing
@testable import KnockServer

/// When the HTTP server may answer on its event loop (`EngineDispatch.respondIfCPUBound`): only
/// when the answer cannot wait on the network or the disk. Otherwise it answers nil and the
/// server answers on the connection's queue.
@Suite struct EventLoopAnswerTests {
    func dispatch(_ config: LocalEngineServer.Configuration) throws -> (EngineDispatch, KnockEngine.Environment) {
        let (_, env, dispatch) = try LocalEngineServer.makeEngine(config, routes: Routes.all(), admin: Routes.admin())
        return (dispatch, env)
    }

    func get(_ path: String, _ env: KnockEngine.Environment) -> EngineRequest {
        EngineRequest(method: "GET", path: path, query: nil, headers: [("Authorization", "Bearer \(env.secretKey)")], body: .bytes([]))
    }

    @Test func anInMemoryEngineWithoutFetchWorkflowsAnswersAtOnce() throws {
        let (dispatch, env) = try dispatch(.init())
        _ = try dispatch.engine.identifyUser(env, id: "u1", body: ["name": "Ada"])
        let response = try #require(dispatch.respondIfCPUBound(to: get("/v1/users/u1", env)))
        #expect(response.status == 200)
        #expect(try JSON.parse(bytes: response.body ?? [])["name"] == "Ada")
        // And the gate is left: a later fetch workflow may still close it.
        #expect(dispatch.engine.networkWaits.enterWhileCPUBound())
        dispatch.engine.networkWaits.leave()
    }

    @Test func adminCallsAreNeverAnsweredOnTheEventLoop() throws {
        let (dispatch, env) = try dispatch(.init())
        #expect(dispatch.respondIfCPUBound(to: get("/_admin/environments", env)) == nil)
        #expect(dispatch.respond(to: get("/_admin/environments", env)).status == 200)
    }

    @Test func aFetchWorkflowOrADatabaseFileSendsEveryRequestElsewhere() throws {
        let (fetching, env) = try dispatch(.init(workflowsDirectory: WorkflowRuntimeHTTPTests.recipes))
        #expect(fetching.respondIfCPUBound(to: get("/v1/users", env)) == nil)
        #expect(fetching.respond(to: get("/v1/users", env)).status == 200)

        let dir = try temporaryDirectory([:])
        let (onDisk, env2) = try dispatch(.init(databasePath: dir + "/engine.db"))
        #expect(onDisk.respondIfCPUBound(to: get("/v1/users", env2)) == nil)
        #expect(onDisk.respond(to: get("/v1/users", env2)).status == 200)
        onDisk.engine.shutdown()
    }

    /// Only a request alone in flight is answered on the event loop; the count follows begin/end.
    @Test func onlyARequestAloneCountsAsAlone() {
        let inFlight = RequestsInFlight()
        #expect(inFlight.begin())
        #expect(!inFlight.begin())
        inFlight.end()
        #expect(!inFlight.begin())
        inFlight.end()
        inFlight.end()
        #expect(inFlight.begin())
        inFlight.end()
    }
}
