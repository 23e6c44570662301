import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct TriggerTests {
    let h = RuntimeHarness()

    init() {
        h.workflow("welcome", ["name": "Welcome", "steps": [Steps.inApp()]])
        h.user("u1", ["name": "Ada"])
    }

    @Test func triggerCreatesAnInAppMessage() throws {
        let reply = try h.trigger("welcome", ["recipients": ["u1"], "data": ["project": "Apollo"]])
        #expect(UUID(uuidString: reply.workflowRunID) != nil)
        #expect(reply.json.objectValue?.keys.elementsEqual(["workflow_run_id"]) == true)
        let messages = h.messages()
        #expect(messages.count == 1)
        let m = try #require(messages.first)
        #expect(m["__typename"] == "Message")
        #expect(m["status"] == "delivered")
        #expect(m["recipient"] == "u1")
        #expect(m["workflow"] == "welcome")
        #expect(m["source"]?["workflow_run_id"] == .string(reply.workflowRunID))
        #expect(m["source"]?["__typename"] == "NotificationSource")
        #expect(m["engagement_statuses"] == [])
        #expect(m["data"]?["project"] == "Apollo")
        #expect(m["id"]?.stringValue?.count == 27)
        let content = try #require(h.runtime.messageContent(id: m["id"]!.stringValue!))
        #expect(content["data"]?["blocks"]?[0]?["rendered"] == "<p>Hi Ada</p>")
        let runs = h.runs()
        #expect(runs.first?["status"] == "completed")
        #expect(runs.first?["__typename"] == "WorkflowRecipientRun")
    }

    @Test func unknownAndInactiveWorkflows() {
        #expect(throws: EngineError.workflowMissing("nope")) { try h.trigger("nope", ["recipients": ["u1"]]) }
        h.runtime.setActive("welcome", false)
        do {
            _ = try h.trigger("welcome", ["recipients": ["u1"]])
            Issue.record("expected workflow_inactive")
        } catch let e as EngineError {
            #expect(e.code == "workflow_inactive")
            #expect(e.status == 422)
        } catch { Issue.record("\(error)") }
        #expect(h.messages().isEmpty)
    }

    @Test func validationErrorsUseKnockBodies() {
        func refusal(_ body: JSON) -> JSON? {
            do { _ = try h.trigger("welcome", body); return nil } catch let e as EngineError { return e.json } catch { return nil }
        }
        let missing = refusal(["data": [:]])
        #expect(missing == ["code": "invalid_params", "message": "recipients is required", "status": 422, "type": "invalid_params_error",
                            "errors": [["field": "recipients", "message": "is required", "type": "required"]]])
        let tooMany = refusal(["recipients": .array((0...1000).map { .string("u\($0)") })])
        #expect(tooMany?["errors"]?[0]?["field"] == "recipients")
        #expect(refusal(["recipients": ["u1"], "data": "x"])?["errors"]?[0]?["field"] == "data")
        #expect(refusal(["recipients": [5]])?["errors"]?[0]?["field"] == "recipients[0]")
        #expect(refusal(["recipients": [["name": "no id"]]])?["errors"]?[0]?["field"] == "recipients[0].id")
        let huge = String(repeating: "x", count: 10 * 1024 * 1024 + 1)
        #expect(refusal(["recipients": ["u1"], "data": ["blob": .string(huge)]])?["errors"]?[0]?["field"] == "data")
        #expect(refusal(["recipients": ["u1"], "actor": "ghost"])?["code"] == "actor_missing")
        #expect(h.messages().isEmpty)
    }

    @Test func triggerDataSchemaIsEnforced() {
        h.workflow("sms-code", ["name": "x", "steps": [Steps.inApp()],
                                "trigger_data_json_schema": ["type": "object", "required": ["code"], "properties": ["code": ["type": "string"]]]])
        do {
            _ = try h.trigger("sms-code", ["recipients": ["u1"], "data": ["code": 5]])
            Issue.record("expected 422")
        } catch let e as EngineError {
            #expect(e.status == 422)
            #expect(e.fields.first?.field == "data.code")
        } catch { Issue.record("\(error)") }
        #expect(throws: Never.self) { try h.trigger("sms-code", ["recipients": ["u1"], "data": ["code": "123456"]]) }
    }

    @Test func inlineRecipientsActorAndTenantAreIdentified() throws {
        try h.trigger("welcome", [
            "recipients": [["id": "u2", "name": "Bea", "email": "bea@example.com", "$trigger_data": ["extra": 1]]],
            "actor": ["id": "a1", "name": "Actor"],
            "tenant": ["id": "acme", "name": "Acme"],
        ])
        #expect(h.directory.recipient(.user("u2"))?["name"] == "Bea")
        #expect(h.directory.recipient(.user("a1"))?["name"] == "Actor")
        #expect(h.directory.tenant(id: "acme")?["name"] == "Acme")
        let m = try #require(h.messages().first)
        #expect(m["tenant"] == "acme")
        #expect(m["actors"] == ["a1"])
        #expect(m["data"]?["extra"] == 1)
        #expect(h.runtime.messageActivities(id: m["id"]!.stringValue!)?.first?["actor"]?["name"] == "Actor")
    }

    @Test func unknownRecipientIdEndsItsRunWithAnError() throws {
        try h.trigger("welcome", ["recipients": ["ghost", "u1"]])
        #expect(h.messages().count == 1)
        let ghost = h.runs().first { $0["recipient"] == "ghost" }
        #expect(ghost?["error_count"] == 1)
        #expect(ghost?["status"] == "completed")
    }

    @Test func idempotencyReplaysTheOriginalResponse() throws {
        let first = try h.trigger("welcome", ["recipients": ["u1"]], idempotencyKey: "k1")
        let again = try h.trigger("welcome", ["recipients": ["u1"]], idempotencyKey: "k1")
        #expect(!first.replayed)
        #expect(again.replayed)
        #expect(again.json == first.json)
        #expect(h.messages().count == 1)
        #expect(throws: EngineError.self) { try h.trigger("welcome", ["recipients": ["u1"], "data": ["x": 1]], idempotencyKey: "k1") }
        #expect(throws: EngineError.self) { try h.trigger("welcome", ["recipients": ["u1"]], idempotencyKey: String(repeating: "k", count: 256)) }
        // 24 hours later on the environment clock the key is free again.
        h.runtime.advance(by: 24 * 3600 + 1)
        let later = try h.trigger("welcome", ["recipients": ["u1"]], idempotencyKey: "k1")
        #expect(!later.replayed)
        #expect(h.messages().count == 2)
    }

    @Test func failedRequestsAreNotCached() throws {
        #expect(throws: EngineError.self) { try h.trigger("welcome", ["recipients": "u1"], idempotencyKey: "k2") }
        let ok = try h.trigger("welcome", ["recipients": ["u1"]], idempotencyKey: "k2")
        #expect(!ok.replayed)
    }

    @Test func objectRecipientsFanOutToSubscribersWithoutTheActor() throws {
        h.user("u2")
        h.user("u3")
        let project = RecipientRef(collection: "projects", id: "p1")
        h.directory.identify(project, properties: ["name": "Apollo"], now: RuntimeHarness.start)
        h.directory.subscribe(.user("u1"), to: project, properties: ["role": "owner"])
        h.directory.subscribe(.user("u2"), to: project)
        h.directory.subscribe(.user("u3"), to: project)
        h.workflow("sub", ["name": "x", "steps": [Steps.inApp(body: "{{ recipient.subscription.object.name }} {{ recipient.subscription.role }}")]])
        try h.trigger("sub", ["recipients": [["id": "p1", "collection": "projects"], "u2"], "actor": "u3"])
        let recipients = Set(h.runs("sub").compactMap { $0["recipient"] })
        // p1 itself gets a run (no in-app messages for an object without channel data is fine: in-app still sends).
        #expect(recipients == [.string("u2"), ["id": "p1", "collection": "projects"], "u1"])
        let u1 = h.messages { $0.recipient = .user("u1") }.first
        let content = h.runtime.messageContent(id: u1?["id"]?.stringValue ?? "")
        #expect(content?["data"]?["blocks"]?[0]?["rendered"] == "<p>Apollo owner</p>")
    }

    @Test func oncePerRecipient() throws {
        h.workflow("once", ["name": "x", "trigger_frequency": "once_per_recipient", "steps": [Steps.inApp()]])
        try h.trigger("once", ["recipients": ["u1"]])
        try h.trigger("once", ["recipients": ["u1"]])
        #expect(h.messages { $0.source = "once" }.count == 1)
    }

    @Test func triggerConditionsHaltTheRun() throws {
        h.workflow("cond", ["name": "x", "conditions": ["all": [Steps.condition("data.send", "equal_to", "true")]], "steps": [Steps.inApp()]])
        try h.trigger("cond", ["recipients": ["u1"], "data": ["send": false]])
        try h.trigger("cond", ["recipients": ["u1"], "data": ["send": true]])
        #expect(h.messages { $0.source = "cond" }.count == 1)
    }

    @Test func sandboxModeLeavesEmailNotSent() throws {
        h.workflow("mail", ["name": "x", "steps": [Steps.email()]])
        try h.trigger("mail", ["recipients": ["u1"], "settings": ["sandbox_mode": true]])
        #expect(h.messages().first?["status"] == "not_sent")
        #expect(h.runtime.outbox(OutboxQuery()).isEmpty)
    }

    /// The `workflow` scope is kept per workflow version; each run still sees its own
    /// cancellation key (or none) in templates and conditions.
    @Test func eachRunSeesItsOwnCancellationKeyInTheWorkflowScope() throws {
        let h = RuntimeHarness()
        h.workflow("keyed", ["name": "Keyed", "steps": [Steps.inApp(body: "{{ workflow.key }}/{{ workflow.cancellation_key | default: 'none' }}")]])
        h.user("u1")
        for key: JSON in ["k1", .null, "k2"] {
            var body: JSONObject = ["recipients": ["u1"]]
            if !key.isNull { body["cancellation_key"] = key }
            try h.trigger("keyed", .object(body))
        }
        let rendered = h.messages().compactMap { m in
            h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"]?.stringValue
        }
        #expect(rendered.sorted() == ["<p>keyed/k1</p>", "<p>keyed/k2</p>", "<p>keyed/none</p>"])
    }

    /// Channel conditions and preference condition rules still see the run's scope, now built
    /// only when one of them asks for it.
    @Test func conditionRulesInChannelPreferencesAndStepsReadTheRun() throws {
        let h = RuntimeHarness()
        h.workflow("gated", ["name": "Gated", "steps": [
            Steps.inApp("feed_1", body: "one {{ data.n }}"),
            Steps.inApp("feed_2", body: "two {{ data.n }}", conditions: ["all": [Steps.condition("recipient.plan", "equal_to", "pro")]]),
        ]])
        h.user("free", ["plan": "free"])
        h.user("pro", ["plan": "pro"])
        // Feed messages only when the trigger's data says so.
        let rule: JSON = ["channel_types": ["in_app_feed": ["conditions": [Steps.condition("data.n", "greater_than", "1")]]]]
        h.directory.setPreferences(.user("free"), rule)
        h.directory.setPreferences(.user("pro"), rule)
        for n in [1, 2] { try h.trigger("gated", ["recipients": ["free", "pro"], "data": ["n": .int(n)]]) }
        let bodies = h.messages().compactMap { m -> String? in
            let rendered = h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"]?.stringValue
            return rendered.map { "\(m["recipient"]!.stringValue!): \($0)" }
        }
        #expect(bodies.sorted() == ["free: <p>one 2</p>", "pro: <p>one 2</p>", "pro: <p>two 2</p>"])
    }
}
