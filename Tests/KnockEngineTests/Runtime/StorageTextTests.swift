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
            #expect(try JSON.parse(record.storageText) == record.storageJSON)
            let events = h.store.events(messageID: record.id)
            #expect(!events.isEmpty)
            for e in events { #expect(try JSON.parse(e.storageText) == e.storageJSON) }
            for id in record.activityIDs {
                let activity = try #require(h.store.activity(id: id))
                #expect(try JSON.parse(activity.storageText) == activity.storageJSON)
            }
        }
        let outbox = h.store.outbox()
        #expect(!outbox.isEmpty)
        for entry in outbox { #expect(try JSON.parse(entry.storageText) == entry.storageJSON) }
        let run = try #require(h.runtime.onExecutor { h.runtime.runs.values.first })
        #expect(try JSON.parse(run.detailText) == run.detailJSON)
    }

    @Test func theWriterEscapesAndNests() {
        var w = JSONObjectWriter(capacity: 4)
        w.string("a\"", "x\ny")
        w.string("none", nil as String?)
        w.object("o") { o in
            o.int("n", -3)
            o.object("empty") { _ in }
            o.bool("t", true)
        }
        w.strings("s", ["1", "\\"])
        #expect(w.finish() == #"{"a\"":"x\ny","none":null,"o":{"n":-3,"empty":{},"t":true},"s":["1","\\"]}"#)
    }
}
