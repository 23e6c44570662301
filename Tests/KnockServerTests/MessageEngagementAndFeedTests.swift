import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// End to end over HTTP: per-user message lists, the in-app feed with its counts, engagement
/// writes (single, batch, bulk channel), batch content, and the error bodies for bad ids and words.
@Suite struct MessageEngagementAndFeedTests {
    /// Two welcome runs for u1 (one with tenant t1): two in-app and two email messages.
    func seed(_ client: TestClient) async throws -> (channel: String, ids: [String]) {
        _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com"])
        #expect(try await client.request("POST", "/v1/workflows/welcome/trigger", ["recipients": ["u1"], "data": ["workspace_name": "Acme"]]).status == 200)
        #expect(try await client.request("POST", "/v1/workflows/welcome/trigger",
                                         ["recipients": ["u1"], "tenant": "t1", "data": ["workspace_name": "Beta"]]).status == 200)
        let r = try await client.request("GET", "/v1/users/u1/messages?channel_id=in-app-feed")
        #expect(r.status == 200)
        let items = try #require(r.json["items"]?.arrayValue)
        #expect(items.count == 2)
        let channel = try #require(items.first?["channel_id"]?.stringValue)
        return (channel, items.compactMap { $0["id"]?.stringValue })
    }

    func counts(_ client: TestClient, _ channel: String, _ query: String = "") async throws -> [Int] {
        let r = try await client.request("GET", "/v1/users/u1/feeds/\(channel)\(query)")
        #expect(r.status == 200, "\(r.text)")
        return ["total_count", "unread_count", "unseen_count"].map { r.json["meta"]?[$0]?.intValue ?? -1 }
    }

    @Test func userAndObjectMessageListsFilterLikeTheEnvironmentList() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            _ = try await seed(client)
            var r = try await client.request("GET", "/v1/users/u1/messages")
            #expect(r.json["items"]?.arrayValue?.count == 4)
            #expect(r.json["items"]?[0]?["recipient"] == "u1")
            r = try await client.request("GET", "/v1/users/u1/messages?tenant=t1&page_size=1")
            #expect(r.json["items"]?.arrayValue?.count == 1)
            #expect(r.json["items"]?[0]?["tenant"] == "t1")
            let after = try #require(r.json.at("page_info.after")?.stringValue)
            r = try await client.request("GET", "/v1/users/u1/messages?tenant=t1&page_size=1&after=\(after)")
            #expect(r.json["items"]?[0]?["tenant"] == "t1")
            #expect(r.json.at("page_info.after") == .null)
            r = try await client.request("GET", "/v1/users/u2/messages")
            #expect(r.json["items"] == [])
            r = try await client.request("GET", "/v1/objects/projects/p1/messages")
            #expect(r.status == 200)
            #expect(r.json["items"] == [])
            #expect(r.json.at("page_info.__typename") == "PageInfo")
        }
    }

    @Test func feedEntriesCountsAndMarkingChangeThem() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            let (channel, ids) = try await seed(client)
            var r = try await client.request("GET", "/v1/users/u1/feeds/\(channel)")
            let entries = try #require(r.json["entries"]?.arrayValue)
            #expect(entries.count == 2)
            #expect(entries[0]["__typename"] == "FeedItem")
            #expect(entries[0]["__cursor"]?.stringValue?.isEmpty == false)
            #expect(entries[0]["id"] == .string(ids[0]), "newest first")
            #expect(entries[0].at("blocks.0.name") == "body")
            #expect(entries[0].at("blocks.0.rendered")?.stringValue?.hasPrefix("<p>") == true)
            #expect(entries[0].at("source.key") == "welcome")
            #expect(entries[0]["total_activities"] == 1)
            #expect(entries[0]["seen_at"] == .null)
            #expect(r.json.at("meta.__typename") == "FeedMetadata")
            #expect(r.json.at("page_info.page_size") == 50)
            #expect(r.json["vars"] == [:])
            #expect(try await counts(client, channel) == [2, 2, 2])

            // Mark one seen, then read: timestamps, statuses and events follow.
            r = try await client.request("PUT", "/v1/messages/\(ids[0])/seen")
            #expect(r.status == 200)
            #expect(r.json["seen_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(r.json["engagement_statuses"] == ["seen"])
            #expect(try await counts(client, channel) == [2, 2, 1])
            r = try await client.request("PUT", "/v1/messages/\(ids[0])/read")
            #expect(r.json["engagement_statuses"] == ["seen", "read"])
            #expect(r.json["read_at"]?.stringValue != nil)
            #expect(try await counts(client, channel) == [2, 1, 1])
            r = try await client.request("GET", "/v1/users/u1/feeds/\(channel)?status=unread")
            #expect(r.json["entries"]?.arrayValue?.map { $0["id"] } == [.string(ids[1])])
            #expect(r.json.at("meta.total_count") == 2, "status does not scope the counts")
            r = try await client.request("GET", "/v1/messages/\(ids[0])/events")
            let types = r.json["items"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types.prefix(2) == ["message.read", "message.seen"])

            // Unmark and the batch forms.
            r = try await client.request("DELETE", "/v1/messages/\(ids[0])/seen")
            #expect(r.json["seen_at"] == .null)
            #expect(r.json["engagement_statuses"] == ["read"])
            r = try await client.request("POST", "/v1/messages/batch/read", ["message_ids": .array(ids.map(JSON.string) + ["missing"])])
            #expect(r.status == 200)
            #expect(r.json.arrayValue?.count == 2)
            #expect(r.json.arrayValue?.allSatisfy { $0["read_at"]?.stringValue != nil } == true)
            #expect(try await counts(client, channel) == [2, 0, 2])
            r = try await client.request("POST", "/v1/messages/batch/unread", ["message_ids": .array(ids.map(JSON.string))])
            #expect(try await counts(client, channel) == [2, 2, 2])

            // Archived items leave the default view and the counts; archived=only shows them.
            r = try await client.request("PUT", "/v1/messages/\(ids[1])/archived")
            #expect(r.json["archived_at"]?.stringValue != nil)
            #expect(try await counts(client, channel) == [1, 1, 1])
            r = try await client.request("GET", "/v1/users/u1/feeds/\(channel)?archived=only")
            #expect(r.json["entries"]?.arrayValue?.map { $0["id"] } == [.string(ids[1])])
            r = try await client.request("DELETE", "/v1/messages/\(ids[1])/archived")
            #expect(r.json["archived_at"] == .null)
            #expect(try await counts(client, channel) == [2, 2, 2])

            // Interacted carries its metadata into the event.
            r = try await client.request("PUT", "/v1/messages/\(ids[1])/interacted", ["metadata": ["button": "primary"]])
            #expect(r.json["interacted_at"]?.stringValue != nil)
            r = try await client.request("GET", "/v1/messages/\(ids[1])/events")
            #expect(r.json.at("items.0.type") == "message.interacted")
            #expect(r.json.at("items.0.data") == ["button": "primary"])
            r = try await client.request("GET", "/v1/messages?engagement_status=interacted")
            #expect(r.json["items"]?.arrayValue?.map { $0["id"] } == [.string(ids[1])])
        }
    }

    @Test func feedFiltersTenantSourceAndTriggerData() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            let (channel, _) = try await seed(client)
            #expect(try await counts(client, channel, "?tenant=t1") == [2, 2, 2], "tenant=X keeps untenanted items")
            #expect(try await counts(client, channel, "?tenant=t1&has_tenant=true") == [1, 1, 1])
            #expect(try await counts(client, channel, "?has_tenant=false") == [1, 1, 1])
            #expect(try await counts(client, channel, "?source=promo") == [0, 0, 0])
            let td = "%7B%22workspace_name%22%3A%22Beta%22%7D"
            let r = try await client.request("GET", "/v1/users/u1/feeds/\(channel)?trigger_data=\(td)&mode=compact&exclude=entries.archived_at")
            let entries = try #require(r.json["entries"]?.arrayValue)
            #expect(entries.count == 1)
            #expect(entries[0]["tenant"] == "t1")
            #expect(entries[0]["activities"] == nil, "compact mode drops activities")
            #expect(entries[0]["archived_at"] == nil, "excluded")
            #expect(entries[0]["read_at"] == .null)
            // An unknown user has an empty feed, not a 404; the channel may be given by key locally.
            let empty = try await client.request("GET", "/v1/users/nobody/feeds/in-app-feed")
            #expect(empty.status == 200)
            #expect(empty.json["entries"] == [])
            #expect(empty.json.at("meta.unread_count") == 0)
        }
    }

    @Test func bulkChannelStatusIsAnAsynchronousBulkOperation() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            let (channel, _) = try await seed(client)
            var r = try await client.request("POST", "/v1/channels/\(channel)/messages/bulk/seen", ["user_ids": ["u1"], "archived": "exclude"])
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["__typename"] == "BulkOperation")
            #expect(r.json["estimated_total_rows"] == 2)
            let done = try await BulkAndSlackTests().waitForCompletion(client, r.json)
            #expect(done["status"] == "completed")
            #expect(done["success_count"] == 2)
            #expect(try await counts(client, channel) == [2, 2, 0])
            r = try await client.request("POST", "/v1/channels/\(channel)/messages/bulk/archive", ["tenants": ["t1"]])
            _ = try await BulkAndSlackTests().waitForCompletion(client, r.json)
            #expect(try await counts(client, channel) == [1, 1, 0])
            r = try await client.request("POST", "/v1/channels/\(channel)/messages/bulk/delete", ["archived": "only"])
            _ = try await BulkAndSlackTests().waitForCompletion(client, r.json)
            r = try await client.request("GET", "/v1/users/u1/messages?channel_id=\(channel)")
            #expect(r.json["items"]?.arrayValue?.count == 1, "the archived one was deleted")
        }
    }

    @Test func batchContentAndErrorBodies() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            let (channel, ids) = try await seed(client)
            var r = try await client.request("GET", "/v1/messages/batch/content?message_ids[]=\(ids[0])&message_ids[]=\(ids[1])")
            #expect(r.status == 200)
            #expect(r.json.arrayValue?.map { $0["message_id"] } == ids.map(JSON.string))
            #expect(r.json.at("0.data.__typename") == "MessageInAppFeedContent")

            for (method, path) in [("PUT", "/v1/messages/nope/seen"), ("DELETE", "/v1/messages/nope/read"), ("PUT", "/v1/messages/nope/interacted")] {
                r = try await client.request(method, path)
                #expect(r.status == 404)
                #expect(r.json["code"] == "resource_missing")
                #expect(r.json["status"] == 404)
                #expect(r.json["type"]?.stringValue?.isEmpty == false)
                #expect(r.json["message"]?.stringValue?.contains("nope") == true)
            }
            let bad: [(String, String, JSON?)] = [
                ("POST", "/v1/channels/\(channel)/messages/bulk/explode", [:]),
                ("POST", "/v1/channels/\(channel)/messages/bulk/seen", ["delivery_status": "lost"]),
                ("POST", "/v1/messages/batch/seen", [:]),
                ("POST", "/v1/messages/batch/seen", ["message_ids": [1]]),
                ("PUT", "/v1/messages/\(ids[0])/interacted", ["metadata": ["nested": ["a": 1]]]),
                ("GET", "/v1/users/u1/feeds/\(channel)?status=sideways", nil),
                ("GET", "/v1/users/u1/feeds/\(channel)?trigger_data=%7B%22a%22%3A%7B%7D%7D", nil),
                ("GET", "/v1/messages?status=lost", nil),
                ("GET", "/v1/messages?engagement_status=glanced", nil),
                ("GET", "/v1/messages/batch/content", nil),
            ]
            for (method, path, body) in bad {
                r = try await client.request(method, path, body)
                #expect(r.status == 422, "\(method) \(path): \(r.status) \(r.text)")
                #expect(r.json["code"] == "invalid_params", "\(path)")
            }
            r = try await client.request("GET", "/v1/users/u1/feeds/00000000-0000-0000-0000-000000000000")
            #expect(r.status == 404)
            #expect(r.json["code"] == "resource_missing")
        }
    }
}
