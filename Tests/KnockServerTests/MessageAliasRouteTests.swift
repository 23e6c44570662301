import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// The spec's second paths for un-marking a message (`DELETE /v1/messages/{id}/unseen`,
/// `/unread`, `/unarchived`) answer exactly as `DELETE …/seen`, `…/read`, `…/archived`: the same
/// Message, the same event, the same feed counts, the same 404 body.
@Suite struct MessageAliasRouteTests {
    /// Marks both in-app messages seen, read and archived, then un-marks one through the catalog
    /// path and the other through the alias, step by step, comparing what comes back.
    @Test func aliasPathsUndoEngagementLikeTheirEntries() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            let feed = MessageEngagementAndFeedTests()
            let (channel, ids) = try await feed.seed(client)
            let (viaEntry, viaAlias) = (ids[0], ids[1])
            for id in ids {
                for status in ["seen", "read", "archived"] {
                    #expect(try await client.request("PUT", "/v1/messages/\(id)/\(status)").status == 200)
                }
            }
            // Archived messages leave the feed and its counts.
            #expect(try await feed.counts(client, channel) == [0, 0, 0])

            let steps: [(entry: String, alias: String, cleared: String, left: JSON, counts: [Int])] = [
                ("archived", "unarchived", "archived_at", ["seen", "read"], [2, 0, 0]),
                ("seen", "unseen", "seen_at", ["read"], [2, 0, 2]),
                ("read", "unread", "read_at", [], [2, 2, 2]),
            ]
            for step in steps {
                let a = try await client.request("DELETE", "/v1/messages/\(viaEntry)/\(step.entry)")
                let b = try await client.request("DELETE", "/v1/messages/\(viaAlias)/\(step.alias)")
                #expect(a.status == 200 && b.status == 200, "\(b.text)")
                #expect(b.json["__typename"] == "Message")
                #expect(b.json["id"] == .string(viaAlias))
                #expect(b.json[step.cleared] == .null)
                #expect(a.json[step.cleared] == .null)
                #expect(b.json["engagement_statuses"] == step.left)
                #expect(a.json["engagement_statuses"] == b.json["engagement_statuses"])
                #expect(a.json.objectValue?.keys.map { $0 } == b.json.objectValue?.keys.map { $0 }, "same shape")
                #expect(try await feed.counts(client, channel) == step.counts, "after \(step.alias)")
            }

            // Both messages recorded the same un-mark events, newest first.
            for id in ids {
                let r = try await client.request("GET", "/v1/messages/\(id)/events")
                let types = r.json["items"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
                #expect(types.prefix(3) == ["message.unread", "message.unseen", "message.unarchived"], "\(id)")
            }
        }
    }

    @Test func anUnknownMessageThroughAnAliasIsKnocks404() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            for (entry, alias) in [("seen", "unseen"), ("read", "unread"), ("archived", "unarchived")] {
                let a = try await client.request("DELETE", "/v1/messages/nope/\(entry)")
                let b = try await client.request("DELETE", "/v1/messages/nope/\(alias)")
                #expect(b.status == 404)
                #expect(b.json["code"] == "resource_missing")
                #expect(b.json["type"] == "invalid_request_error")
                #expect(b.json["status"] == 404)
                #expect(a.json["message"] == b.json["message"], "the alias answers as its entry")
                // The alias is DELETE only, as in the spec.
                let put = try await client.request("PUT", "/v1/messages/nope/\(alias)")
                #expect(put.status == 404)
                #expect(put.json["message"]?.stringValue?.hasPrefix("No route for PUT") == true)
            }
        }
    }
}
