import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// End to end over HTTP with the sample workflows in `recipes/workflows`: trigger → messages,
/// content, delivery logs, runs; idempotency; a batch closed by advancing the clock; admin calls.
@Suite struct WorkflowRuntimeHTTPTests {
    static var recipes: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("recipes/workflows").path
    }

    @Test func triggerToMessagesContentLogsAndRuns() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: Self.recipes)) { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com"])
            var r = try await client.request("POST", "/v1/workflows/welcome/trigger",
                                             ["recipients": ["u1"], "data": ["workspace_name": "Acme"]], headers: ["Idempotency-Key": "k-1"])
            #expect(r.status == 200)
            let runID = try #require(r.json["workflow_run_id"]?.stringValue)
            #expect(r.headers["idempotent-replayed"] == nil)
            r = try await client.request("POST", "/v1/workflows/welcome/trigger",
                                         ["recipients": ["u1"], "data": ["workspace_name": "Acme"]], headers: ["Idempotency-Key": "k-1"])
            #expect(r.headers["idempotent-replayed"] == "true")
            #expect(r.json["workflow_run_id"] == .string(runID))

            r = try await client.request("GET", "/v1/messages?workflow_run_id=\(runID)")
            #expect(r.status == 200)
            let items = try #require(r.json["items"]?.arrayValue)
            #expect(items.count == 2)
            #expect(r.json["page_info"]?["after"] == .null)
            let email = try #require(items.first { $0["channel"]?["type"] == "email" })
            #expect(email["status"] == "delivered")
            let id = try #require(email["id"]?.stringValue)
            r = try await client.request("GET", "/v1/messages/\(id)/content")
            #expect(r.json["data"]?["subject_line"] == "Welcome to Acme, Ada")
            r = try await client.request("GET", "/v1/messages/\(id)/delivery_logs")
            #expect(r.json["items"]?[0]?["service_name"]?.stringValue?.isEmpty == false)
            r = try await client.request("GET", "/v1/messages/\(id)/events")
            #expect(r.json["items"]?.arrayValue?.count == 4)
            r = try await client.request("GET", "/v1/workflow_recipient_runs?workflow=welcome")
            #expect(r.json["items"]?[0]?["status"] == "completed")
            let recipientRun = try #require(r.json["items"]?[0]?["id"]?.stringValue)
            r = try await client.request("GET", "/v1/workflow_recipient_runs/\(recipientRun)")
            #expect(r.json["events"]?.arrayValue?.isEmpty == false)
            r = try await client.request("GET", "/v1/messages/nope")
            #expect(r.status == 404)
        }
    }

    /// The message list and the feed read their shared filters alike (`MessageFilters`): an
    /// empty value is no filter, a bad timestamp is a 422 naming the parameter.
    @Test func emptyFilterValuesAreNoFilterInListsAndTheFeed() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: Self.recipes)) { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com"])
            var r = try await client.request("POST", "/v1/workflows/welcome/trigger", ["recipients": ["u1"], "data": ["workspace_name": "Acme"]])
            let runID = try #require(r.json["workflow_run_id"]?.stringValue)
            r = try await client.request("GET", "/v1/messages?workflow_run_id=\(runID)&tenant=&source=&channel_id=&inserted_at.gt=&trigger_data=")
            #expect(r.status == 200)
            #expect(r.json["items"]?.arrayValue?.count == 2)
            r = try await client.request("GET", "/v1/users/u1/messages?source=welcome&inserted_at.lte=")
            #expect(r.json["items"]?.arrayValue?.count == 2)
            r = try await client.request("GET", "/v1/users/u1/feeds/in-app-feed?tenant=&source=&inserted_at.gte=&trigger_data=")
            #expect(r.status == 200)
            #expect(r.json["entries"]?.arrayValue?.count == 1)
            for path in ["/v1/messages?inserted_at.gt=yesterday", "/v1/users/u1/feeds/in-app-feed?inserted_at.gt=yesterday"] {
                r = try await client.request("GET", path)
                #expect(r.status == 422)
                #expect(r.json["message"]?.stringValue?.contains("inserted_at.gt") == true)
            }
        }
    }

    @Test func errorsAreKnockBodies() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: Self.recipes)) { _, client in
            var r = try await client.request("POST", "/v1/workflows/missing-one/trigger", ["recipients": ["u1"]])
            #expect(r.status == 404)
            #expect(r.json["code"] == "workflow_missing")
            r = try await client.request("POST", "/v1/workflows/welcome/trigger", ["recipients": ["u1"], "data": [:]])
            #expect(r.status == 422)
            #expect(r.json["errors"]?[0]?["field"] == "data.workspace_name")
            r = try await client.request("POST", "/v1/workflows/welcome/trigger", ["data": [:]])
            #expect(r.status == 422)
            #expect(r.json["code"] == "invalid_params")
            r = try await client.request("POST", "/v1/workflows/welcome/cancel", ["cancellation_key": "x"])
            #expect(r.status == 204)
        }
    }

    @Test func batchClosedByAdvancingTheClock() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: Self.recipes)) { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com"])
            var r = try await client.request("POST", "/_admin/clock/freeze")
            #expect(r.json["frozen"] == true)
            for n in 1...3 {
                r = try await client.request("POST", "/v1/workflows/comment-digest/trigger",
                                             ["recipients": ["u1"], "data": ["post_id": "p1", "comment": .string("c\(n)")]])
                #expect(r.status == 200)
            }
            r = try await client.request("GET", "/v1/messages")
            #expect(r.json["items"]?.arrayValue?.isEmpty == true)
            r = try await client.request("POST", "/_admin/clock/advance", ["duration": "10m"])
            #expect(r.status == 200)
            r = try await client.request("GET", "/v1/messages")
            #expect(r.json["items"]?.arrayValue?.count == 1)
            let id = try #require(r.json["items"]?[0]?["id"]?.stringValue)
            r = try await client.request("GET", "/v1/messages/\(id)/activities")
            #expect(r.json["items"]?.arrayValue?.count == 3)
            r = try await client.request("GET", "/_admin/outbox?channel_type=email&to=ada@example.com")
            #expect(r.json["items"]?.arrayValue?.count == 1)
            r = try await client.request("POST", "/_admin/clock/advance", ["duration": "soon"])
            #expect(r.status == 422)
            r = try await client.request("GET", "/_admin/channels")
            #expect(r.json["items"]?.arrayValue?.contains { $0["key"] == "postmark" } == true)
            r = try await client.request("POST", "/_admin/channels/postmark/failures", ["count": 1, "outcome": "bounced"])
            #expect(r.status == 200)
            r = try await client.request("GET", "/_admin/clock")
            #expect(r.json["now"]?.stringValue?.hasSuffix("Z") == true)
        }
    }
}
