import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// The SQLite message store pages and filters exactly like the in-memory one, including filters
/// only Swift checks (trigger data) that leave gaps between matching rows.
@Suite struct MessageStoreTests {
    static let feed = Channel(key: "in-app-feed", type: .inAppFeed)
    static let email = Channel(key: "postmark", type: .email)

    static func record(_ n: Int, at start: Date) -> MessageRecord {
        MessageRecord(
            id: String(format: "m%04d", n), channel: n % 3 == 0 ? email : feed, recipient: .user(n % 2 == 0 ? "u1" : "u2"), actors: [],
            workflowKey: "welcome", versionID: "v", categories: n % 5 == 0 ? ["digest"] : [], stepRef: "s", workflowRunID: "run\(n / 10)",
            workflowRecipientRunID: "rr\(n)", tenant: n % 4 == 0 ? "t1" : nil, status: .delivered,
            engagement: n % 7 == 0 ? ["read": start, "archived": start] : [:], insertedAt: start.addingTimeInterval(Double(n)),
            updatedAt: start, scheduledAt: nil, data: ["kind": .string(n % 6 == 0 ? "hit" : "miss"), "n": .int(n)], metadata: nil,
            recipientSnapshot: nil, activityIDs: [])
    }

    func stores() throws -> (SQLiteMessageStore, InMemoryMessageStore) {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "messages")
        let sqlite = SQLiteMessageStore(store: engine.store, environment: env), memory = InMemoryMessageStore()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        for n in 0..<300 {
            let r = Self.record(n, at: start)
            sqlite.insert(r, contents: ["n": .int(n)], logs: [], events: [])
            memory.insert(r, contents: ["n": .int(n)], logs: [], events: [])
        }
        return (sqlite, memory)
    }

    /// Every page forwards with `after`, then back with `before` from the last page.
    func walk(_ store: MessageStore, _ q: MessageQuery, size: Int) -> (forward: [String], backward: [String]) {
        var forward: [String] = [], pages: [Page<StoredMessage>] = []
        var page = store.messages(q, page: PageRequest(pageSize: size))
        pages.append(page)
        forward += page.entries.map(\.record.id)
        while let after = page.after {
            page = store.messages(q, page: PageRequest(after: after, pageSize: size))
            pages.append(page)
            forward += page.entries.map(\.record.id)
        }
        var backward: [String] = page.entries.map(\.record.id)
        while let before = page.before {
            page = store.messages(q, page: PageRequest(before: before, pageSize: size))
            backward = page.entries.map(\.record.id) + backward
        }
        return (forward, backward)
    }

    /// A feed page reads its contents and activities in one query each; what it gets is what the
    /// one-at-a-time reads give, unknown ids left out, on both stores.
    @Test func manyAtOnceReadsMatchOneAtATime() throws {
        let (sqlite, memory) = try stores()
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        for n in 0..<3 {
            let a = ActivityRecord(id: "a\(n)", recipient: ["id": "u1"], actor: .null, actorRef: nil, data: ["n": .int(n)], insertedAt: at)
            sqlite.addActivity(a)
            memory.addActivity(a)
        }
        let ids = ["m0007", "m0299", "nope", "m0000"]
        for store in [sqlite as MessageStore, memory] {
            let contents = store.contents(messageIDs: ids)
            #expect(contents.count == 3)
            #expect(contents["m0007"] == ["n": 7])
            #expect(contents["m0299"] == store.contents(messageID: "m0299"))
            #expect(contents["nope"] == nil)
            let activities = store.activities(ids: ["a2", "missing", "a0"])
            #expect(activities.keys.sorted() == ["a0", "a2"])
            #expect(activities["a2"]?.data == ["n": 2])
            #expect(store.contents(messageIDs: []).isEmpty)
        }
    }

    @Test func pagesAndFiltersMatchTheInMemoryStore() throws {
        let (sqlite, memory) = try stores()
        var queries: [MessageQuery] = [MessageQuery()]
        var q = MessageQuery(); q.triggerData = ["kind": "hit"]; queries.append(q)
        q = MessageQuery(); q.recipient = .user("u1"); q.channelID = Self.feed.id.uuidString; q.archived = .exclude; queries.append(q)
        q = MessageQuery(); q.recipient = .user("u1"); q.channelID = "in-app-feed"; q.engagementStatuses = ["unread"]; queries.append(q)
        q = MessageQuery(); q.tenant = "t1"; q.tenantIncludesUntenanted = true; q.workflowCategories = ["digest"]; queries.append(q)
        q = MessageQuery(); q.hasTenant = true; q.archived = .only; queries.append(q)
        q = MessageQuery(); q.workflowRunID = "run3"; q.insertedAfter = Date(timeIntervalSince1970: 1_700_000_033); queries.append(q)
        // Words outside the engagement list never reach the SQL text: checked in Swift, matching nothing.
        q = MessageQuery(); q.engagementStatuses = ["seen_at IS NULL OR 1=1 --"]; queries.append(q)
        q = MessageQuery(); q.engagementStatuses = ["unarchived", "read"]; queries.append(q)
        for query in queries {
            let expected = memory.allMessages(query).map(\.id)
            #expect(sqlite.allMessages(query).map(\.id) == expected, "\(query)")
            let walked = walk(sqlite, query, size: 7)
            #expect(walked.forward == expected, "\(query)")
            #expect(walked.backward == expected, "\(query)")
            let counts = sqlite.engagementCounts(query)
            #expect(counts == memory.engagementCounts(query), "\(query)")
        }
        #expect(sqlite.allMessages(MessageQuery()).count == 300)
        var injected = MessageQuery(); injected.engagementStatuses = ["seen_at IS NULL OR 1=1 --"]
        #expect(sqlite.allMessages(injected).isEmpty)
    }

    @Test func recordsRoundTripAndDeleteTakesWhatHangsOff() throws {
        let (sqlite, memory) = try stores()
        let id = "m0007"
        #expect(sqlite.message(id: id)?.json == memory.message(id: id)?.json)
        #expect(sqlite.contents(messageID: id) == ["n": 7])
        var changed = try #require(sqlite.message(id: id))
        changed.engagement["seen"] = Date(timeIntervalSince1970: 1_700_000_500)
        let event = MessageEventRecord(id: "e1", messageID: id, type: "message.seen", recipient: changed.recipient, data: ["a": 1],
                                       insertedAt: Date(timeIntervalSince1970: 1_700_000_500))
        sqlite.update(changed, logs: [["service_name": "Postmark"]], events: [event])
        #expect(sqlite.message(id: id)?.json["seen_at"] == "2023-11-14T22:21:40.000000Z")
        #expect(sqlite.events(messageID: id).map(\.json) == [event.json])
        #expect(sqlite.deliveryLogs(messageID: id) == [["service_name": "Postmark"]])
        sqlite.delete(messageIDs: [id])
        #expect(sqlite.message(id: id) == nil)
        #expect(sqlite.events(messageID: id).isEmpty)
        #expect(sqlite.deliveryLogs(messageID: id).isEmpty)
        #expect(sqlite.allMessages(MessageQuery()).count == 299)
    }

    /// The feed badge counts kept by triggers (`message_counts`) follow every change: marks and
    /// unmarks, archiving, deletes and re-inserts, and match a count over the rows each time.
    @Test func maintainedFeedCountsFollowEngagementChangesAndDeletes() throws {
        let (sqlite, memory) = try stores()
        func feedQueries() -> [MessageQuery] {
            ["u1", "u2", "nobody"].flatMap { user in
                [Self.feed.id.uuidString, Self.feed.id.uuidString.lowercased(), Self.email.id.uuidString].map { channel in
                    var q = MessageQuery()
                    q.recipient = .user(user)
                    q.channelID = channel
                    q.archived = .exclude
                    return q
                }
            }
        }
        func check(_ step: String) {
            for q in feedQueries() {
                #expect(SQLiteMessageStore.countsKey(q) != nil)
                #expect(sqlite.engagementCounts(q) == memory.engagementCounts(q), "\(step): \(q)")
            }
        }
        check("inserted")
        let at = Date(timeIntervalSince1970: 1_700_001_000)
        let changes: [(String, Int)] = [("read", 1), ("seen", 1), ("seen", 2), ("archived", 2), ("read", 4), ("archived", 7), ("seen", 8)]
        for (n, (status, id)) in changes.enumerated() {
            for store in [sqlite, memory] as [MessageStore] {
                var m = try #require(store.message(id: String(format: "m%04d", id)))
                m.engagement[status] = n % 3 == 2 ? nil : at   // every third change clears instead
                store.update(m, logs: [], events: [])
            }
            check("change \(n)")
        }
        for store in [sqlite, memory] as [MessageStore] {
            for id in ["m0007", "m0008"] {
                var m = try #require(store.message(id: id))
                m.engagement = [:]
                store.update(m, logs: [], events: [])
            }
        }
        check("cleared")
        let gone = ["m0001", "m0002", "m0014", "m0299"]
        sqlite.delete(messageIDs: gone)
        memory.delete(messageIDs: gone)
        check("deleted")
        // Storing a message again under its id (a retry's upsert) changes no count.
        let again = Self.record(10, at: Date(timeIntervalSince1970: 1_700_000_000))
        sqlite.insert(again, contents: nil, logs: [], events: [])
        memory.insert(again, contents: nil, logs: [], events: [])
        check("re-inserted")
        // A filter beyond recipient and channel is counted over the rows instead.
        var filtered = feedQueries()[0]
        filtered.tenant = "t1"
        #expect(SQLiteMessageStore.countsKey(filtered) == nil)
        #expect(sqlite.engagementCounts(filtered) == memory.engagementCounts(filtered))
    }
}
