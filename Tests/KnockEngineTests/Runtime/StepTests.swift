import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct StepTests {
    let h = RuntimeHarness()

    init() {
        h.user("u1", ["name": "Ada"])
        h.user("u2", ["name": "Bea"])
    }

    @Test func delayFiresWhenTheClockAdvances() throws {
        h.workflow("reminder", ["name": "x", "steps": [Steps.delay(minutes: 60), Steps.email()]])
        try h.trigger("reminder", ["recipients": ["u1"]])
        #expect(h.messages().isEmpty)
        #expect(h.runs().first?["status"] == "paused")
        h.runtime.advance(by: 59 * 60)
        #expect(h.messages().isEmpty)
        h.runtime.advance(by: 60)
        let m = try #require(h.messages().first)
        #expect(m["status"] == "delivered")
        // The message carries the time the delay ended, not the time of the advance call.
        #expect(m["inserted_at"] == .string(ProviderTimestamp.string(RuntimeHarness.start.addingTimeInterval(3600))))
        #expect(h.runs().first?["status"] == "completed")
        let outbox = h.runtime.outbox(OutboxQuery(channelType: "email"))
        #expect(outbox.first?["to"] == ["u1@example.com"])
    }

    @Test func skipDelayAndCancel() throws {
        h.workflow("reminder", ["name": "x", "steps": [Steps.delay(minutes: 60), Steps.inApp()]])
        try h.trigger("reminder", ["recipients": ["u1"], "settings": ["skip_delay": true]])
        #expect(h.messages().count == 1)
        try h.trigger("reminder", ["recipients": ["u1", "u2"], "cancellation_key": "c1"])
        try h.runtime.cancel(workflowKey: "reminder", body: ["cancellation_key": "c1", "recipients": ["u2"]])
        h.runtime.drain()
        h.runtime.advance(by: 3600)
        #expect(h.messages().count == 2)
        #expect(h.messages { $0.recipient = .user("u2") }.isEmpty)
        #expect(h.runs().first { $0["recipient"] == "u2" }?["status"] == "cancelled")
        #expect(throws: EngineError.self) { try h.runtime.cancel(workflowKey: "reminder", body: [:]) }
    }

    @Test func batchClosesOnAdvanceWithActivities() throws {
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_key": "post_id", "batch_window": ["unit": "minutes", "value": 10]]],
            Steps.inApp(body: "{{ total_activities }} comments, {{ actors | size }} actors, last {{ activities.last.comment }}"),
        ]])
        try h.trigger("digest", ["recipients": ["u1"], "actor": "u2", "data": ["post_id": "p1", "comment": "one"]])
        h.runtime.advance(by: 60)
        try h.trigger("digest", ["recipients": ["u1"], "actor": "u1", "data": ["post_id": "p1", "comment": "two"]])
        try h.trigger("digest", ["recipients": ["u1"], "actor": "u2", "data": ["post_id": "p2", "comment": "other post"]])
        #expect(h.messages().isEmpty)
        h.runtime.advance(by: 9 * 60)
        let messages = h.messages()
        #expect(messages.count == 1)
        let m = try #require(messages.first)
        #expect(m["actors"] == ["u2", "u1"])
        #expect(m["data"]?["comment"] == "two")
        #expect(h.runtime.messageActivities(id: m["id"]!.stringValue!)?.count == 2)
        let content = h.runtime.messageContent(id: m["id"]!.stringValue!)
        #expect(content?["data"]?["blocks"]?[0]?["rendered"] == "<p>2 comments, 2 actors, last two</p>")
        h.runtime.advance(by: 60)
        #expect(h.messages().count == 2)
    }

    @Test func batchClosesAtItemMax() throws {
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_window": ["unit": "hours", "value": 1], "batch_items_max_limit": 2]],
            Steps.inApp(body: "{{ total_activities }}"),
        ]])
        try h.trigger("digest", ["recipients": ["u1"]])
        try h.trigger("digest", ["recipients": ["u1"]])
        #expect(h.messages().count == 1)
    }

    @Test func cancellingABatchedRunRemovesItsActivity() throws {
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_window": ["unit": "minutes", "value": 5]]],
            Steps.inApp(body: "{{ total_activities }}"),
        ]])
        try h.trigger("digest", ["recipients": ["u1"], "cancellation_key": "a"])
        try h.trigger("digest", ["recipients": ["u1"], "cancellation_key": "b"])
        try h.runtime.cancel(workflowKey: "digest", body: ["cancellation_key": "b"])
        h.runtime.advance(by: 300)
        let m = try #require(h.messages().first)
        #expect(h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"] == "<p>1</p>")
    }

    @Test func throttleHaltsRunsBeyondTheLimit() throws {
        h.workflow("throttled", ["name": "x", "steps": [
            ["type": "throttle", "ref": "throttle_1", "settings": ["throttle_window": ["unit": "hours", "value": 1], "throttle_limit": 1]],
            Steps.inApp(),
        ]])
        try h.trigger("throttled", ["recipients": ["u1"]])
        try h.trigger("throttled", ["recipients": ["u1"]])
        try h.trigger("throttled", ["recipients": ["u2"]])
        #expect(h.messages().count == 2)
        h.runtime.advance(by: 3600)
        try h.trigger("throttled", ["recipients": ["u1"]])
        #expect(h.messages().count == 3)
    }

    @Test func branchWithTerminates() throws {
        h.workflow("branching", ["name": "x", "steps": [
            ["type": "branch", "ref": "branch_1", "branches": [
                ["name": "urgent", "terminates": true, "conditions": ["all": [Steps.condition("data.priority", "equal_to", "urgent")]],
                 "steps": [Steps.inApp("urgent_1", body: "urgent")]],
                ["name": "default", "steps": [Steps.inApp("normal_1", body: "normal")]],
            ]],
            Steps.inApp("after_1", body: "after"),
        ]])
        try h.trigger("branching", ["recipients": ["u1"], "data": ["priority": "urgent"]])
        try h.trigger("branching", ["recipients": ["u2"], "data": ["priority": "low"]])
        let refs1 = h.messages { $0.recipient = .user("u1") }.compactMap { $0["source"]?["step_ref"]?.stringValue }
        let refs2 = h.messages { $0.recipient = .user("u2") }.compactMap { $0["source"]?["step_ref"]?.stringValue }
        #expect(refs1 == ["urgent_1"])
        #expect(refs2 == ["after_1", "normal_1"])
    }

    @Test func stepConditionsAndMessageStatusRefs() throws {
        h.workflow("cond", ["name": "x", "steps": [
            Steps.inApp("vip_1", conditions: ["all": [Steps.condition("recipient.vip", "equal_to", "true")]]),
            Steps.inApp("fallback_1", conditions: ["all": [Steps.condition("refs.vip_1.delivery_status", "equal_to", "$message.skipped")]]),
        ]])
        h.user("vip", ["vip": true])
        try h.trigger("cond", ["recipients": ["u1", "vip"]])
        #expect(h.messages { $0.recipient = .user("u1") }.first?["source"]?["step_ref"] == "fallback_1")
        #expect(h.messages { $0.recipient = .user("vip") }.first?["source"]?["step_ref"] == "vip_1")
    }

    @Test func preferencesOptOutSkipsTheChannel() throws {
        h.workflow("promo", ["name": "x", "categories": ["marketing"], "steps": [Steps.email(), Steps.inApp()]])
        h.directory.setPreferences(.user("u1"), ["categories": ["marketing": ["channel_types": ["email": false]]]])
        h.directory.setPreferences(.user("u2"), ["workflows": ["promo": false]])
        try h.trigger("promo", ["recipients": ["u1", "u2"]])
        let types = h.messages().compactMap { $0["channel"]?["type"]?.stringValue }
        #expect(types == ["in_app_feed"])
        h.workflow("override", ["name": "x", "settings": ["override_preferences": true], "steps": [Steps.email()]])
        try h.trigger("override", ["recipients": ["u2"]])
        #expect(h.messages { $0.source = "override" }.count == 1)
    }

    @Test func missingEmailSkipsTheStep() throws {
        h.directory.identify(.user("noemail"), properties: ["name": "N"], now: RuntimeHarness.start)
        h.workflow("mail", ["name": "x", "steps": [Steps.email(), Steps.inApp(conditions: ["all": [Steps.condition("refs.email_1.status", "equal_to", "$message.skipped")]])]])
        try h.trigger("mail", ["recipients": ["noemail"]])
        #expect(h.messages().compactMap { $0["channel"]?["type"]?.stringValue } == ["in_app_feed"])
    }

    @Test func templateErrorFailsTheStepAndHaltsTheRun() throws {
        h.workflow("broken", ["name": "x", "steps": [Steps.inApp("a_1", body: "{{ name | nope }}"), Steps.inApp("b_1")]])
        try h.trigger("broken", ["recipients": ["u1"]])
        #expect(h.messages().isEmpty)
        let run = try #require(h.runs().first)
        #expect(run["error_count"] == 1)
        let detail = try #require(h.runtime.recipientRun(id: run["id"]!.stringValue!))
        #expect(detail["events"]?.arrayValue?.contains { $0["event"] == "step_failed" && $0["status"] == "error" } == true)
    }

    @Test func updateStepsChangeDataAndRecipients() throws {
        h.workflow("upd", ["name": "x", "steps": [
            ["type": "update_data", "ref": "ud_1", "settings": ["data": #"{"greeting": "Hello {{ recipient.name }}"}"#]],
            ["type": "update_user", "ref": "uu_1", "settings": ["recipient_mode": "current", "update_properties": #"{"plan": "pro"}"#]],
            ["type": "update_tenant", "ref": "ut_1", "settings": ["recipient_mode": "current", "update_properties": #"{"tier": 2}"#]],
            ["type": "update_object", "ref": "uo_1", "settings": ["recipient_gid": "gid://Object/projects/p9", "update_properties": #"{"touched": true}"#]],
            Steps.inApp(body: "{{ data.greeting }} {{ recipient.plan }} {{ tenant.tier }}"),
        ]])
        try h.trigger("upd", ["recipients": ["u1"], "tenant": "acme"])
        let m = try #require(h.messages().first)
        #expect(h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"] == "<p>Hello Ada pro 2</p>")
        #expect(h.directory.recipient(RecipientRef(collection: "projects", id: "p9"))?["properties"]?["touched"] == true)
    }

    @Test func triggerWorkflowStepStartsAChildRun() throws {
        h.workflow("child", ["name": "x", "steps": [Steps.inApp(body: "child {{ data.n }}")]])
        h.workflow("parent", ["name": "x", "steps": [["type": "trigger_workflow", "ref": "tw_1", "settings": ["workflow_key": "child"]]]])
        try h.trigger("parent", ["recipients": ["u1"], "data": ["n": 7]])
        let m = try #require(h.messages { $0.source = "child" }.first)
        #expect(h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"] == "<p>child 7</p>")
        #expect(h.runs("child").first?["trigger_source"]?["type"] == "workflow_step")
    }

    @Test func injectedFailuresAndScheduledRetries() throws {
        h.workflow("mail", ["name": "x", "steps": [Steps.email()]])
        try h.runtime.injectFailures(channel: "email", body: ["count": 1, "outcome": "bounced"])
        try h.trigger("mail", ["recipients": ["u1"]])
        #expect(h.messages().first?["status"] == "bounced")
        try h.runtime.injectFailures(channel: "email", body: ["outcome": "delivery_attempted"])
        try h.trigger("mail", ["recipients": ["u2"]])
        #expect(h.messages().first?["status"] == "delivery_attempted")
        h.runtime.advance(by: 15)
        #expect(h.messages().first?["status"] == "delivered")
        let events = h.runtime.messageEvents(id: h.messages().first!["id"]!.stringValue!)?.compactMap { $0["type"]?.stringValue }
        #expect(events?.contains("message.delivery_attempted") == true)
        #expect(throws: EngineError.self) { try h.runtime.injectFailures(channel: "email", body: ["outcome": "exploded"]) }
        #expect(throws: EngineError.self) { try h.runtime.injectFailures(channel: "nope", body: [:]) }
    }
}
