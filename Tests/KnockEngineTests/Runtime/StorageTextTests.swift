import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// The stored documents written field by field (`JSONObjectWriter`) read back as exactly the
/// documents the `JSON` trees describe: messages, events, activities, outbox entries and runs.
@Suite struct StorageTextTests {
    @Test func writtenDocumentsEqualTheirJSONTrees() throws {
        let h = RuntimeHarness()
        h.user("u1", ["name": "Ada \"the\" Lovelace\n", "timezone": "Europe/London"])
        h.user("boss", ["name": "Boss"])
        h.directory.identify(RecipientRef(collection: RecipientRef.tenantsCollection, id: "acme"), properties: ["name": "Acme"], now: RuntimeHarness.start)
        h.workflow("notice", ["name": "x", "categories": ["a", "b\\c"], "steps": [Steps.email(), Steps.inApp(body: "Hi **{{ recipient.name }}** {{ data.n }}")]])
        try h.trigger("notice", ["recipients": ["u1"], "actor": "boss", "tenant": "acme", "cancellation_key": "k\u{1}",
                                 "data": ["n": 3.5, "list": [1, "two", .null], "nested": ["é": true]]])
        let records = h.store.allMessages()
        #expect(records.count == 2)
        for record in records {
            #expect(try JSON.parse(bytes: record.storageBytes) == record.storageJSON)
            let readBack = try #require(MessageRecord(storageText: String(decoding: record.storageBytes, as: UTF8.self)))
            #expect(readBack.json == record.json)
            #expect(readBack.channel.id == record.channel.id && readBack.channel.idText == record.channel.idText)
            let events = h.store.events(messageID: record.id)
            #expect(!events.isEmpty)
            for e in events { #expect(try JSON.parse(bytes: e.storageBytes) == e.storageJSON) }
            for id in record.activityIDs {
                let activity = try #require(h.store.activity(id: id))
                #expect(try JSON.parse(bytes: activity.storageBytes) == activity.storageJSON)
            }
        }
        let outbox = h.store.outbox()
        #expect(!outbox.isEmpty)
        for entry in outbox { #expect(try JSON.parse(bytes: entry.storageBytes) == entry.storageJSON) }
        let run = try #require(h.runtime.onExecutor { h.runtime.runs.values.first })
        #expect(try JSON.parse(bytes: run.detailBytes) == run.detailJSON)
    }

    /// What a stored message must have to be read back; anything less is no message.
    @Test func aStoredMessageMissingARequiredFieldIsNotRead() throws {
        let h = RuntimeHarness()
        h.user("u1", ["name": "Ada"])
        h.workflow("notice", ["name": "x", "steps": [Steps.inApp(body: "Hi")]])
        try h.trigger("notice", ["recipients": ["u1"]])
        let text = String(decoding: try #require(h.store.allMessages().first).storageBytes, as: UTF8.self)
        #expect(MessageRecord(storageText: text) != nil)
        guard case .object(let doc) = try JSON.parse(text) else { Issue.record("not an object"); return }
        for field in ["id", "channel", "recipient", "status", "inserted_at"] {
            var without = doc
            without[field] = nil
            #expect(MessageRecord(storageText: JSON.object(without).serialized()) == nil, "without \(field)")
        }
        #expect(MessageRecord(storageText: "{") == nil)
    }

    @Test func channelIDsParseInEitherCaseAndNothingElse() {
        let id = UUID()
        #expect(UUIDText.parse(id.uuidString) == id)
        #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
        for bad in ["", "5c43dab5-86aa-5dd4-9af6-9cb7a5b9957", "5c43dab5-86aa-5dd4-9af6-9cb7a5b995722", "5c43dab5x86aa-5dd4-9af6-9cb7a5b99572",
                    "5c43dab5-86aa-5dd4-9af6-9cb7a5b9957g", "5c43dab586aa-5dd4-9af6-9cb7a5b99572-"] {
            #expect(UUIDText.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func uuidsWriteAsFoundationsLowercasedText() {
        for id in [UUID(), UUID(), UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255))] {
            #expect(UUIDText.lowercased(id) == id.uuidString.lowercased())
            #expect(UUIDText.parse(UUIDText.lowercased(id)) == id)
        }
        #expect(UUIDText.lowercased(UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255)))
                == "00010203-0405-0607-0809-0a0b0c0d0eff")
    }

    @Test func theWriterEscapesAndNests() {
        var w = JSONObjectWriter(capacity: 4)
        w.string("a", "x\ny\"")
        w.json(named: "k\"", ["v"])
        w.string("none", nil as String?)
        w.object("o") { o in
            o.int("n", -3)
            o.object("empty") { _ in }
            o.bool("t", true)
        }
        w.strings("s", ["1", "\\"])
        #expect(w.finish() == #"{"a":"x\ny\"","k\"":["v"],"none":null,"o":{"n":-3,"empty":{},"t":true},"s":["1","\\"]}"#)
    }

    @Test func theWriterWritesArraysOfObjects() {
        var w = JSONObjectWriter(capacity: 4)
        w.objects("none", [Int]()) { _, _ in }
        w.objects("list", [1, 2]) { n, o in
            o.int("n", n)
            o.objects("inner", [n]) { m, p in p.string("m", String(m)) }
        }
        w.int("after", 0)
        #expect(w.finish() == #"{"none":[],"list":[{"n":1,"inner":[{"m":"1"}]},{"n":2,"inner":[{"m":"2"}]}],"after":0}"#)
    }

    /// A run's events read back from a saved document unchanged, and write as their JSON does.
    @Test func runEventsReadBackFromTheirJSON() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000.25)
        let stored: JSON = ["__typename": "WorkflowRecipientRunEvent", "id": "2bA", "event": "step_failed", "status": "error",
                            "step_ref": "email_1", "step_type": "channel", "attempt": 1, "data": ["error": "boom"],
                            "inserted_at": "2023-11-14T22:13:20.250Z"]
        let events = [RunEvent("workflow_run_started", at: now), try #require(RunEvent(json: stored))]
        #expect(events[1].json == stored)
        for event in events {
            #expect(RunEvent(json: event.json) == event)
            var w = JSONObjectWriter()
            event.write(into: &w)
            #expect(try JSON.parse(w.finish()) == event.json)
        }
        #expect(events[1].json["status"] == "error")
        #expect(events[1].json["step_ref"] == "email_1")
        #expect(events[0].json["step_ref"] == .null)
        #expect(events[0].json["inserted_at"] == "2023-11-14T22:13:20.250000Z")
        #expect(RunEvent(json: ["event": "x", "inserted_at": "2023-11-14T22:13:20.250Z"]) == nil)
    }
}
