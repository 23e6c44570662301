import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// A fan-out reads its users and their preference sets in one go (`RecipientDirectory.users(ids:)`)
/// rather than two queries per recipient; what it reads is exactly what the one-by-one reads give.
@Suite struct UserPrefetchTests {
    @Test func batchedReadsMatchOneByOneReads() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "prefetch")
        let directory = EngineRecipientDirectory(engine: engine, environment: env)
        _ = try engine.identifyUser(env, id: "ada", body: ["name": "Ada", "email": "ada@example.com", "plan": ["tier": "pro"]])
        _ = try engine.identifyUser(env, id: "bob", body: ["name": "Bob"])
        _ = try engine.setPreferences(env, .user("ada"), setID: "default", body: ["channel_types": ["email": false]])
        _ = try engine.setPreferences(env, .user("ada"), setID: "acme", body: ["channel_types": ["sms": false]])
        _ = try engine.setObject(env, collection: "projects", id: "ada", body: ["name": "Not a user"])

        let found = directory.users(ids: ["ada", "bob", "nobody", "ada"])
        #expect(Set(found.keys) == ["ada", "bob"])
        for id in ["ada", "bob"] {
            #expect(found[id]?.user == directory.recipient(.user(id)))
            #expect(found[id]?.preferenceSets == directory.preferenceSets(for: .user(id)))
        }
        #expect(found["ada"]?.preferenceSets.keys.sorted() == ["acme", "default"])
        #expect(found["bob"]?.preferenceSets.isEmpty == true)
        #expect(directory.users(ids: []).isEmpty)
    }

    /// A user whose preferences turn the in-app feed off gets no message when read ahead, and an
    /// id never identified still ends its run with `recipient_not_found`.
    @Test func aFanOutReadAheadStillAppliesEachRecipientsPreferences() throws {
        let h = try FanOutScaleTests.EngineHarness()
        for id in ["u1", "u2", "u3"] { _ = try h.engine.identifyUser(h.env, id: id, body: ["name": .string(id.uppercased())]) }
        _ = try h.engine.setPreferences(h.env, .user("u2"), setID: "default", body: ["channel_types": ["in_app_feed": false]])
        h.directory.reset()
        let reply = try h.runtime.trigger(workflowKey: "fanout", body: ["recipients": ["u1", "u2", "u3", "ghost"]])
        h.runtime.drain()

        var q = MessageQuery()
        q.workflowRunID = reply.workflowRunID
        let messages = h.runtime.messageRecords(q)
        #expect(Set(messages.map(\.recipient)) == [.user("u1"), .user("u3")])
        #expect(h.directory.batchReads == 1)
        #expect(h.directory.reads(.user("u2")) == 1)
        let ghostRun = h.runtime.recipientRuns(RecipientRunQuery()).first { $0["recipient"]?.stringValue == "ghost" }
        #expect(ghostRun?["status"] == "completed")
        #expect(ghostRun?["error_count"] == 1)
    }
}
