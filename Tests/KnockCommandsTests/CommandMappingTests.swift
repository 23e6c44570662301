import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing

/// Commands become the requests the catalog describes, sent to a real loopback server.
@Suite struct CommandMappingTests {
    @Test func positionalArgumentsOptionsAndBodyBecomeTheRequest() async throws {
        let fake = try FakeKnock { r in
            r.method == "PUT" ? .json(["id": "u1", "name": "Ada", "email": "ada@example.com"]) : .json(page([]))
        }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let u = users identify u1 {name: "Ada"} --email ada@example.com
            expect $u.name == "Ada"
            expect $_.id == "u1"
            messages list --page-size 10 --status sent --status queued --source welcome
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        let requests = fake.requests
        try #require(requests.count == 2)
        #expect(requests[0].method == "PUT")
        #expect(requests[0].path == "/v1/users/u1")
        #expect(requests[0].body == ["name": "Ada", "email": "ada@example.com"])
        #expect(requests[0].header("Authorization") == "Bearer sk_test_fake_0123456789")
        #expect(requests[1].path == "/v1/messages")
        #expect(requests[1].query("page_size") == "10")
        #expect(requests[1].queries("status[]") == ["sent", "queued"])
        #expect(requests[1].query("source") == "welcome")
    }

    @Test func variablesAndNumbersFillPathParameters() async throws {
        let fake = try FakeKnock { _ in .json(["ok": true]) }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let id = "m 1/x"
            messages delivery-logs $id
            channel-data set-for-user u1 chan-9 {data: {tokens: ["t1"]}}
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        try #require(fake.requests.count == 2)
        #expect(fake.requests.map(\.path) == ["/v1/messages/m 1/x/delivery_logs", "/v1/users/u1/channel_data/chan-9"])
        #expect(fake.requests[1].body == ["data": ["tokens": ["t1"]]])
    }

    @Test func localEngineCommandsSendTheEnvironmentAndPositionalBody() async throws {
        let fake = try FakeKnock { _ in .json(["now": "2025-01-01T00:10:00Z"]) }
        defer { fake.stop() }
        let run = await runAPIScript("""
            clock advance 10m
            outbox --channel-type email --to ada@example.com
            channels fail-next ch_email --count 2 --outcome bounced
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        let r = fake.requests
        try #require(r.count == 3)
        #expect(r.map(\.path) == ["/_admin/clock/advance", "/_admin/outbox", "/_admin/channels/ch_email/failures"])
        #expect(r[0].body == ["duration": "10m"])
        #expect(r.allSatisfy { $0.header("X-Knock-Environment") == "env_1" })
        #expect(r[1].query("channel_type") == "email")
        #expect(r[1].query("to") == "ada@example.com")
        #expect(r[2].body == ["count": 2, "outcome": "bounced"])
    }

    @Test func httpSendsAnyRequestAsWritten() async throws {
        let fake = try FakeKnock { r in .json(["path": .string(r.path)]) }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let a = http PUT /v1/users/u2 {name: "B"}
            expect $a.path == "/v1/users/u2"
            http get "/v1/users?page_size=1"
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        try #require(fake.requests.count == 2)
        #expect(fake.requests[0].method == "PUT")
        #expect(fake.requests[0].body == ["name": "B"])
        #expect(fake.requests[1].query("page_size") == "1")
    }

    @Test func allFollowsPagination() async throws {
        let fake = try FakeKnock { r in
            switch r.query("after") {
            case nil: return .json(page([["id": "u1"], ["id": "u2"]], key: "entries", after: "c1"))
            case "c1": return .json(page([["id": "u3"]], key: "entries", after: "c2"))
            default: return .json(page([["id": "u4"]], key: "entries"))
            }
        }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let users = users list --all --page-size 2
            expect ($users.entries | map $it.id) == ["u1", "u2", "u3", "u4"]
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(fake.requests.count == 3)
        #expect(fake.requests.allSatisfy { $0.query("page_size") == "2" })
    }

    @Test func buildingErrorsAreRuntimeErrorsWithTheUsage() async throws {
        let fake = try FakeKnock { _ in .json([:]) }
        defer { fake.stop() }
        let missing = await runAPIScript("users get", baseURL: fake.baseURL)
        #expect(missing.status == .errored)
        #expect(missing.error?.kind == .runtime)
        #expect(missing.error?.message.contains("missing USER_ID") == true)
        #expect(missing.error?.hint?.contains("usage: users get USER_ID") == true)

        let option = await runAPIScript("messages list --page-sise 3", baseURL: fake.baseURL)
        #expect(option.error?.message.contains("did you mean --page-size") == true)
        let all = await runAPIScript("users get u1 --all", baseURL: fake.baseURL)
        #expect(all.error?.message.contains("--all only applies to paginated lists") == true)
        #expect(fake.requests.isEmpty)
    }

    @Test func withoutATargetCommandsSayHowToGetOne() async {
        let run = await runAPIScript("users get u1", session: nil)
        #expect(run.status == .errored)
        #expect(run.error?.message.contains("no Knock API target") == true)
    }
}
