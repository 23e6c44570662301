import KnockCore
import Testing
@testable import KnockServer

@Suite struct BulkAndSlackTests {
    func waitForCompletion(_ client: TestClient, _ op: JSON) async throws -> JSON {
        let id = try #require(op["id"]?.stringValue)
        for _ in 0..<200 {
            let r = try await client.request("GET", "/v1/bulk_operations/\(id)")
            if r.json["status"] == "completed" || r.json["status"] == "failed" { return r.json }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        Issue.record("bulk operation did not finish")
        return .null
    }

    @Test func bulkIdentifyRunsAsynchronouslyAndCounts() async throws {
        try await withServer { _, client in
            let users: [JSON] = (0..<250).map { ["id": .string("u\($0)"), "name": .string("User \($0)")] } + [["name": "no id"], ["id": "bad", "email": 5]]
            let r = try await client.request("POST", "/v1/users/bulk/identify", ["users": .array(users)])
            #expect(r.status == 200)
            #expect(r.json["__typename"] == "BulkOperation")
            #expect(r.json["status"] == "queued")
            #expect(r.json["name"] == "users.identify")
            #expect(r.json["estimated_total_rows"] == 252)
            let done = try await waitForCompletion(client, r.json)
            #expect(done["status"] == "completed")
            #expect(done["processed_rows"] == 252)
            #expect(done["success_count"] == 250)
            #expect(done["error_count"] == 2)
            #expect(done.at("error_items.1.id") == "bad")
            #expect(done["completed_at"]?.stringValue != nil)
            #expect(try await client.request("GET", "/v1/users/u249").json["name"] == "User 249")
            #expect(try await client.request("GET", "/v1/users/bad").status == 404, "a bad row costs only itself")

            let del = try await client.request("POST", "/v1/users/bulk/delete", ["user_ids": ["u0", "u1", "ghost"]])
            let delDone = try await waitForCompletion(client, del.json)
            #expect(delDone["success_count"] == 2)
            #expect(delDone["error_count"] == 1)
            #expect(try await client.request("GET", "/v1/users/u0").status == 404)

            let prefs = try await client.request("POST", "/v1/users/bulk/preferences", ["user_ids": ["u2"], "preferences": ["channel_types": ["email": false]]])
            #expect(try await waitForCompletion(client, prefs.json)["status"] == "completed")
            #expect(try await client.request("GET", "/v1/users/u2/preferences/default").json.at("channel_types.email") == false)
            #expect(try await client.request("GET", "/v1/bulk_operations/nope").status == 404)
            #expect(try await client.request("POST", "/v1/users/bulk/identify", ["users": "x"]).status == 422)
        }
    }

    @Test func bulkObjectsAndSubscriptions() async throws {
        try await withServer { _, client in
            var r = try await client.request("POST", "/v1/objects/projects/bulk/set", ["objects": [["id": "p1", "name": "One"], ["id": "p2"]]])
            #expect(try await waitForCompletion(client, r.json)["success_count"] == 2)
            #expect(try await client.request("GET", "/v1/objects/projects/p1").json.at("properties.name") == "One")
            r = try await client.request("POST", "/v1/objects/projects/bulk/subscriptions/add",
                                         ["subscriptions": [["id": "p1", "recipients": ["u1", "u2"]], ["id": "missing", "recipients": ["u1"]]]])
            let done = try await waitForCompletion(client, r.json)
            #expect(done["success_count"] == 1)
            #expect(done.at("error_items.0.collection") == "projects")
            #expect(try await client.request("GET", "/v1/objects/projects/p1/subscriptions").json.at("entries")?.arrayValue?.count == 2)
            r = try await client.request("POST", "/v1/objects/projects/bulk/delete", ["object_ids": ["p1", "p2"]])
            #expect(try await waitForCompletion(client, r.json)["status"] == "completed")
            #expect(try await client.request("GET", "/v1/objects/projects").json.at("entries")?.arrayValue?.isEmpty == true)
            r = try await client.request("POST", "/v1/objects/projects/bulk/delete", ["object_ids": ["p1"]])
            #expect(try await waitForCompletion(client, r.json)["status"] == "failed")
        }
    }

    @Test func slackAnswersFromTheStoredToken() async throws {
        try await withServer { server, client in
            server.engine.channelProviders.register(channelID: "44444444-4444-4444-8444-444444444444", provider: "chat_slack")
            _ = try await client.request("PUT", "/v1/tenants/acme", ["name": "Acme"])
            let ref = "access_token_object[object_id]=acme&access_token_object[collection]=%24tenants"
            var r = try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/auth_check?\(ref)")
            #expect(r.json.at("connection.ok") == false)
            _ = try await client.request("PUT", "/v1/objects/$tenants/acme/channel_data/44444444-4444-4444-8444-444444444444", ["data": ["connections": [], "token": ["access_token": "xoxb-good"]]])
            r = try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/auth_check?\(ref)")
            #expect(r.json.at("connection.ok") == true)
            r = try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/channels?\(ref)&query_options.limit=5")
            #expect(r.json.at("slack_channels")?.arrayValue?.count == 5)
            #expect(r.json.at("slack_channels.0.name") == "general")
            let cursor = try #require(r.json["next_cursor"]?.stringValue)
            let again = try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/channels?\(ref)&query_options.limit=5")
            #expect(again.json == r.json, "deterministic")
            r = try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/channels?access_token_object=%7B%22object_id%22%3A%22acme%22%2C%22collection%22%3A%22%24tenants%22%7D&query_options.cursor=\(cursor)&query_options.limit=50")
            #expect(r.json["next_cursor"] == .null)
            #expect(r.json.at("slack_channels")?.arrayValue?.contains { $0["name"] == "release" } == false, "archived excluded")
            r = try await client.request("PUT", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/revoke_access?\(ref)")
            #expect(r.json["ok"] == "ok")
            #expect(try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/auth_check?\(ref)").json.at("connection.ok") == false)
            #expect(try await client.request("GET", "/v1/providers/slack/44444444-4444-4444-8444-444444444444/auth_check").status == 422)
        }
    }
}
