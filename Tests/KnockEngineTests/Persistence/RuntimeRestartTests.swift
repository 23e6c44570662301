import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// A new `Engine` over the same database file (a restart with `serve --db`) goes on with what
/// the old one left in flight: paused delays, open batches, throttle windows, messages held for
/// their send window, cancels by cancellation key, the clock and idempotency keys.
@Suite struct RuntimeRestartTests {
    static func email(_ ref: String = "email_1", subject: String) -> JSON {
        ["type": "channel", "ref": .string(ref), "channel_key": "email", "channel_type": "email",
         "template": ["subject": .string(subject), "html_body": "<p>Hi</p>"]]
    }

    static func inApp(_ body: String) -> JSON {
        ["type": "channel", "ref": "in_app_feed_1", "channel_key": "in-app-feed", "channel_type": "in_app_feed",
         "template": ["markdown_body": .string(body)]]
    }

    static func delay(minutes: Int) -> JSON {
        ["type": "delay", "ref": "delay_1", "settings": ["delay_for": ["unit": "minutes", "value": .int(minutes)]]]
    }

    @Test func aPausedDelayResumesAfterARestart() throws {
        let h = try RestartHarness()
        try h.workflow("reminder", steps: [Self.delay(minutes: 10), Self.email(subject: "Reminder for {{ recipient.name }}: {{ data.item }}")])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "reminder", body: ["recipients": ["u1"], "data": ["item": "Book"]])
        opened.runtime.drain()
        #expect(opened.runs("reminder").first?["status"] == "paused")
        #expect(opened.messages().isEmpty)
        h.close(opened)

        opened = try h.open()
        #expect(opened.runtime.clockJSON["pending_timers"] == 1)
        #expect(opened.runtime.clockJSON["frozen"] == true)
        opened.runtime.advance(by: 9 * 60)
        #expect(opened.messages().isEmpty)
        opened.runtime.advance(by: 60)
        let messages = opened.messages()
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message["recipient"] == "u1")
        #expect(message["inserted_at"] == .string(ProviderTimestamp.string(RestartHarness.start.addingTimeInterval(600))))
        #expect(opened.rendered(message)?["subject_line"] == "Reminder for U1: Book")
        let run = try #require(opened.runs("reminder").first)
        #expect(run["status"] == "completed")
        let events = opened.runtime.recipientRun(id: run["id"]?.stringValue ?? "")?["events"]?.arrayValue?.compactMap { $0["event"]?.stringValue }
        #expect(events == ["workflow_run_started", "delay_started", "step_resumed", "message_enqueued", "workflow_run_completed"])
        // Nothing is left to resume: the run's saved state is gone.
        h.close(opened)
        opened = try h.open()
        #expect(opened.runtime.clockJSON["pending_timers"] == 0)
    }

    @Test func aBatchOpenedBeforeARestartClosesWithEveryActivity() throws {
        let h = try RestartHarness()
        try h.workflow("digest", steps: [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_window": ["unit": "minutes", "value": 10]]],
            Self.inApp("{{ total_activities }} comments: {% for a in activities %}{{ a.data.comment }} {% endfor %}"),
        ])
        var opened = try h.open()
        opened.runtime.freeze()
        for comment in ["one", "two"] {
            _ = try opened.runtime.trigger(workflowKey: "digest", body: ["recipients": ["u1"], "actor": "u2", "data": ["comment": .string(comment)]])
        }
        opened.runtime.drain()
        h.close(opened)

        opened = try h.open()
        _ = try opened.runtime.trigger(workflowKey: "digest", body: ["recipients": ["u1"], "actor": "u3", "data": ["comment": "three"]])
        opened.runtime.advance(by: 10 * 60)
        let messages = opened.messages()
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(opened.rendered(message)?["blocks"]?[0]?["rendered"] == "<p>3 comments: one two three</p>")
        #expect(opened.runtime.messageActivities(id: message["id"]?.stringValue ?? "")?.count == 3)
        #expect(message["actors"] == ["u2", "u3"])
        // The items' runs ended as batch items; only the opener produced the message.
        #expect(opened.runs("digest").count == 3)
        #expect(opened.runs("digest").allSatisfy { $0["status"] == "completed" })
    }

    @Test func aThrottleWindowKeepsCountingAcrossARestart() throws {
        let h = try RestartHarness()
        try h.workflow("throttled", steps: [
            ["type": "throttle", "ref": "throttle_1", "settings": ["throttle_window": ["unit": "hours", "value": 1], "throttle_limit": 1]],
            Self.inApp("Hello"),
        ])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "throttled", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        #expect(opened.messages().count == 1)
        h.close(opened)

        opened = try h.open()
        _ = try opened.runtime.trigger(workflowKey: "throttled", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        #expect(opened.messages().count == 1, "still inside the window opened before the restart")
        opened.runtime.advance(by: 3600)
        _ = try opened.runtime.trigger(workflowKey: "throttled", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        #expect(opened.messages().count == 2)
    }

    @Test func aMessageHeldForItsSendWindowGoesOutAfterARestart() throws {
        let h = try RestartHarness()
        // Tuesday 22:13 UTC: outside 09:00–17:00, so the email waits for Wednesday 09:00.
        let windows: JSON = .array(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map {
            ["day": .string($0), "type": "send", "from": "09:00", "until": "17:00"]
        })
        guard case .object(var step) = Self.email(subject: "Morning {{ recipient.name }}") else { return }
        step["send_windows"] = windows
        try h.workflow("notice", steps: [.object(step)])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "notice", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        let queued = try #require(opened.messages().first)
        #expect(queued["status"] == "queued")
        #expect(queued["scheduled_at"] == "2023-11-15T09:00:00.000000Z")
        h.close(opened)

        opened = try h.open()
        #expect(opened.runtime.clockJSON["pending_timers"] == 1)
        opened.runtime.advance(by: 12 * 3600)
        let sent = try #require(opened.messages().first)
        #expect(sent["id"] == queued["id"])
        #expect(sent["status"] == "delivered")
        #expect(opened.runtime.outbox(OutboxQuery(channelType: "email")).first?["message_id"] == queued["id"])
        #expect(opened.rendered(sent)?["subject_line"] == "Morning U1")
    }

    @Test func aCancelAfterARestartFindsTheRunsByCancellationKey() throws {
        let h = try RestartHarness()
        try h.workflow("reminder", steps: [Self.delay(minutes: 10), Self.email(subject: "For {{ recipient.name }}")])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "reminder", body: ["recipients": ["u1", "u2"], "cancellation_key": "order-1"])
        _ = try opened.runtime.trigger(workflowKey: "reminder", body: ["recipients": ["u3"], "cancellation_key": "order-2"])
        opened.runtime.drain()
        h.close(opened)

        opened = try h.open()
        try opened.runtime.cancel(workflowKey: "reminder", body: ["cancellation_key": "order-1", "recipients": ["u1"]])
        try opened.runtime.cancel(workflowKey: "reminder", body: ["cancellation_key": "order-2"])
        opened.runtime.advance(by: 600)
        #expect(opened.messages().compactMap { $0["recipient"]?.stringValue } == ["u2"])
        let statuses = Dictionary(uniqueKeysWithValues: opened.runs("reminder").compactMap { r in
            r["recipient"]?.stringValue.map { ($0, r["status"]?.stringValue ?? "") }
        })
        #expect(statuses == ["u1": "cancelled", "u2": "completed", "u3": "cancelled"])
        // A cancelled run stays cancelled after another restart.
        h.close(opened)
        opened = try h.open()
        opened.runtime.advance(by: 3600)
        #expect(opened.messages().count == 1)
    }

    @Test func aCancelAfterARestartTakesABatchedActivityOut() throws {
        let h = try RestartHarness()
        try h.workflow("digest", steps: [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_window": ["unit": "minutes", "value": 5]]],
            Self.inApp("{{ total_activities }}"),
        ])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "digest", body: ["recipients": ["u1"], "cancellation_key": "a"])
        _ = try opened.runtime.trigger(workflowKey: "digest", body: ["recipients": ["u1"], "cancellation_key": "b"])
        opened.runtime.drain()
        h.close(opened)

        opened = try h.open()
        try opened.runtime.cancel(workflowKey: "digest", body: ["cancellation_key": "b"])
        opened.runtime.advance(by: 300)
        let message = try #require(opened.messages().first)
        #expect(opened.rendered(message)?["blocks"]?[0]?["rendered"] == "<p>1</p>")
    }

    @Test func theClockAndIdempotencyKeysContinueAfterARestart() throws {
        let h = try RestartHarness()
        try h.workflow("hello", steps: [Self.inApp("Hello")])
        var opened = try h.open()
        opened.runtime.advance(by: 86_400)
        let advanced = opened.runtime.clock.now
        let first = try opened.runtime.trigger(workflowKey: "hello", body: ["recipients": ["u1"]], idempotencyKey: "k1")
        opened.runtime.drain()
        h.close(opened)

        // Running clock: the offset from wall time is kept, so one more wall hour is one more hour.
        h.wall = RestartHarness.start.addingTimeInterval(3600)
        opened = try h.open()
        #expect(opened.runtime.clock.now == advanced.addingTimeInterval(3600))
        #expect(opened.runtime.clockJSON["frozen"] == false)
        let replay = try opened.runtime.trigger(workflowKey: "hello", body: ["recipients": ["u1"]], idempotencyKey: "k1")
        #expect(replay.replayed)
        #expect(replay.workflowRunID == first.workflowRunID)
        opened.runtime.drain()
        #expect(opened.messages().count == 1)
        opened.runtime.freeze()
        let frozenAt = opened.runtime.clock.now
        h.close(opened)

        // Frozen clock: it stands where it was frozen, whatever wall time did meanwhile.
        h.wall = RestartHarness.start.addingTimeInterval(10 * 86_400)
        opened = try h.open()
        #expect(opened.runtime.clock.now == frozenAt)
        #expect(opened.runtime.clockJSON["frozen"] == true)
        // 24 hours after the first trigger the key is free again (the expiry survived too).
        opened.runtime.advance(by: 86_400)
        #expect(try !opened.runtime.trigger(workflowKey: "hello", body: ["recipients": ["u1"]], idempotencyKey: "k1").replayed)
    }

    /// A `--db` file written before `runtime_state` existed (the schema up to the migration
    /// before it) opens: the migration adds the table and paused runs are saved from then on.
    @Test func aDatabaseFromBeforeRuntimeStateOpens() throws {
        let h = try RestartHarness()
        try h.workflow("reminder", steps: [Self.delay(minutes: 10), Self.email(subject: "For {{ recipient.name }}")])
        let added = try #require(Schema.migrations.firstIndex { $0.contains("CREATE TABLE runtime_state") })
        do {
            let old = try Database(path: h.dbPath)
            for sql in Schema.migrations[..<added] { try old.execute(sql) }
            try old.execute("PRAGMA user_version = \(added)")
        }
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "reminder", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        h.close(opened)
        opened = try h.open()
        #expect(try opened.engine.getUser(opened.env, id: "u1")["name"] == "U1")
        opened.runtime.advance(by: 600)
        #expect(opened.messages().count == 1)
    }

    /// The cursor of a run paused inside a branch (second branch, nested delay) comes back
    /// pointing into that branch, and a terminating branch still ends the run after it.
    @Test func aRunPausedInsideABranchResumesInThatBranch() throws {
        let h = try RestartHarness()
        func feed(_ ref: String, _ body: String) -> JSON {
            ["type": "channel", "ref": .string(ref), "channel_key": "in-app-feed", "channel_type": "in_app_feed",
             "template": ["markdown_body": .string(body)]]
        }
        func condition(_ value: String) -> JSON { ["all": [["variable": "data.tier", "operator": "equal_to", "argument": .string(value)]]] }
        try h.workflow("tiers", steps: [
            ["type": "branch", "ref": "branch_1", "branches": [
                ["name": "gold", "terminates": true, "conditions": condition("gold"),
                 "steps": [["type": "delay", "ref": "delay_gold", "settings": ["delay_for": ["unit": "minutes", "value": 5]]], feed("gold_1", "gold")]],
                ["name": "silver", "conditions": condition("silver"),
                 "steps": [["type": "delay", "ref": "delay_silver", "settings": ["delay_for": ["unit": "minutes", "value": 5]]], feed("silver_1", "silver")]],
                ["name": "default", "steps": [feed("plain_1", "plain")]],
            ]],
            feed("after_1", "after"),
        ])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "tiers", body: ["recipients": ["u1"], "data": ["tier": "silver"]])
        _ = try opened.runtime.trigger(workflowKey: "tiers", body: ["recipients": ["u2"], "data": ["tier": "gold"]])
        opened.runtime.drain()
        #expect(opened.messages().isEmpty)
        h.close(opened)

        opened = try h.open()
        opened.runtime.advance(by: 300)
        func refs(_ user: String) -> [String] {
            var q = MessageQuery()
            q.recipient = .user(user)
            return opened.runtime.listMessages(q).compactMap { $0["source"]?["step_ref"]?.stringValue }.sorted()
        }
        #expect(refs("u1") == ["after_1", "silver_1"])
        #expect(refs("u2") == ["gold_1"])
    }

    /// A provider retry waiting on the clock (a temporary failure) is sent after a restart, as
    /// attempt 2 of the same message.
    @Test func aScheduledProviderRetryGoesOutAfterARestart() throws {
        let h = try RestartHarness()
        try h.workflow("mail", steps: [Self.email(subject: "Hello {{ recipient.name }}")])
        var opened = try h.open()
        opened.runtime.freeze()
        try opened.runtime.injectFailures(channel: "email", body: ["outcome": "delivery_attempted"])
        _ = try opened.runtime.trigger(workflowKey: "mail", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        let attempted = try #require(opened.messages().first)
        #expect(attempted["status"] == "delivery_attempted")
        h.close(opened)

        opened = try h.open()
        opened.runtime.advance(by: 15)
        let sent = try #require(opened.messages().first)
        #expect(sent["id"] == attempted["id"])
        #expect(sent["status"] == "delivered")
        let events = opened.runtime.messageEvents(id: sent["id"]?.stringValue ?? "")?.compactMap { $0["type"]?.stringValue } ?? []
        #expect(events.contains("message.delivery_attempted"))
        #expect(events.first == "message.delivered")
        #expect(opened.rendered(sent)?["subject_line"] == "Hello U1")
    }

    /// A paused run resumes with the workflow version it started on, even when `workflow.json`
    /// changed while the server was down; a run whose version cannot be found any more is
    /// dropped (stderr) and the others still resume.
    @Test func pausedRunsKeepTheirWorkflowVersionAndUnreadableOnesAreDropped() throws {
        let h = try RestartHarness()
        try h.workflow("reminder", steps: [Self.delay(minutes: 10), Self.email(subject: "Old subject")])
        try h.workflow("other", steps: [Self.delay(minutes: 10), Self.email(subject: "Other")])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "reminder", body: ["recipients": ["u1"]])
        _ = try opened.runtime.trigger(workflowKey: "other", body: ["recipients": ["u2"]])
        opened.runtime.drain()
        h.close(opened)

        try h.workflow("reminder", steps: [Self.delay(minutes: 10), Self.email(subject: "New subject")])
        opened = try h.open()
        opened.runtime.advance(by: 600)
        #expect(opened.messages("reminder").first.flatMap { opened.rendered($0)?["subject_line"] } == "Old subject")
        _ = try opened.runtime.trigger(workflowKey: "reminder", body: ["recipients": ["u3"]])
        _ = try opened.runtime.trigger(workflowKey: "other", body: ["recipients": ["u3"]])
        opened.runtime.drain()
        // Lose the saved versions, and change "other" so its current version is not the run's.
        try opened.engine.store.write { db throws(StoreError) in
            try db.run("DELETE FROM runtime_state WHERE kind = 'workflow_version'")
        }
        h.close(opened)
        try h.workflow("other", steps: [Self.delay(minutes: 10), Self.email(subject: "Other, changed")])

        opened = try h.open()
        #expect(opened.runtime.clockJSON["pending_timers"] == 1, "the reminder run (its version is still the current one) is back")
        opened.runtime.advance(by: 600)
        var q = MessageQuery()
        q.recipient = .user("u3")
        #expect(opened.runtime.listMessages(q).compactMap { $0["source"]?["key"]?.stringValue } == ["reminder"])
        let left = try opened.engine.store.read { db throws(StoreError) in
            try db.first("SELECT count(*) FROM runtime_state WHERE kind = 'run'") { $0.int(0) }
        }
        #expect(left == 0)
    }
}

/// Failures injected through the admin API are in-flight state too: a restart keeps what is
/// left of them, in order, and forgets a queue once it is used up.
@Suite struct InjectedFailureRestartTests {
    @Test func injectedFailuresLeftBeforeARestartStillApply() throws {
        let h = try RestartHarness()
        try h.workflow("mail", steps: [RuntimeRestartTests.email(subject: "Hi")])
        var opened = try h.open()
        try opened.runtime.injectFailures(channel: "email", body: ["outcome": "bounced", "count": 2])
        try opened.runtime.injectFailures(channel: "email", body: ["outcome": "undelivered"])
        _ = try opened.runtime.trigger(workflowKey: "mail", body: ["recipients": ["u1"]])
        opened.runtime.drain()
        #expect(opened.messages().map { $0["status"] } == ["bounced"])
        h.close(opened)

        opened = try h.open()
        #expect(Self.pending(opened) == [["outcome": "bounced", "remaining": 1], ["outcome": "undelivered", "remaining": 1]])
        for user in ["u2", "u3", "u1"] {
            _ = try opened.runtime.trigger(workflowKey: "mail", body: ["recipients": [.string(user)]])
            opened.runtime.drain()
        }
        // Newest first: the third delivery after the restart found the queue empty.
        #expect(opened.messages().map { $0["status"] } == ["delivered", "undelivered", "bounced", "bounced"])
        h.close(opened)

        opened = try h.open()
        #expect(Self.pending(opened) == [])
        h.close(opened)
    }

    static func pending(_ opened: RestartHarness.Opened) -> [JSON] {
        opened.runtime.channelsJSON.first { $0["key"] == "email" }?["pending_failures"]?.arrayValue ?? []
    }
}
