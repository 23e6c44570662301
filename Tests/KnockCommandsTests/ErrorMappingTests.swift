import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing

/// API errors are script errors a recipe can assert on and catch.
@Suite struct ErrorMappingTests {
    static func notFound() throws -> FakeKnock {
        try FakeKnock { _ in .error(404, "resource_missing", "The resource you requested does not exist", requestID: "req_42") }
    }

    @Test func expectErrorMatchesStatusAndCode() async throws {
        let fake = try Self.notFound()
        defer { fake.stop() }
        let run = await runAPIScript("""
            expect error 404 { users get nope }
            expect error "resource_missing" { users get nope }
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
    }

    @Test func catchGivesStatusCodeMessageAndRequestID() async throws {
        let fake = try Self.notFound()
        defer { fake.stop() }
        let run = await runAPIScript("""
            try {
                users get nope
            } catch $e {
                expect $e.kind == "api"
                expect $e.status == 404
                expect $e.code == "resource_missing"
                expect $e.request_id == "req_42"
                expect $e.message == "The resource you requested does not exist"
                expect $e.body.type == "api_error"
            }
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
    }

    @Test func anUncaughtAPIErrorErrorsTheTestWithTheRequest() async throws {
        let fake = try Self.notFound()
        defer { fake.stop() }
        let run = await runAPIScript("users get nope", baseURL: fake.baseURL)
        #expect(run.status == .errored)
        #expect(run.error?.api?.status == 404)
        #expect(run.error?.message == "API error 404 resource_missing: The resource you requested does not exist (request req_42)")
        #expect(run.error?.notes == ["GET /v1/users/nope"])
        #expect(run.error?.location?.line == 1)
    }

    @Test func anUnreachableServerIsAConnectionError() async {
        let run = await runAPIScript("""
            try { users get u1 } catch $e { expect $e.kind == "connection" }
            users get u1
            """, baseURL: "http://127.0.0.1:1")
        #expect(run.status == .errored)
        #expect(run.error?.kind == .connection)
    }

    @Test func localEngineCommandsAreRefusedAgainstKnock() async throws {
        let fake = try FakeKnock { _ in .json([:]) }
        defer { fake.stop() }
        for script in ["clock advance 10m", "clock now", "outbox", "outbox list --to a@b.c", "channels list",
                       "channels fail-next ch1 --count 1", "clock freeze", "http GET /_admin/clock"] {
            let run = await runAPIScript(script, baseURL: fake.baseURL, local: false)
            #expect(run.status == .errored, "\(script)")
            #expect(run.error?.message.contains("is a local engine command") == true, "\(script): \(String(describing: run.error))")
        }
        #expect(fake.requests.isEmpty)
    }
}
