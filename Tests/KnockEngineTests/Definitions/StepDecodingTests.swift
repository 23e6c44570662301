import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct StepDecodingTests {
    func workflow(_ steps: String, extra: String = "") throws -> WorkflowDefinition {
        try WorkflowDefinition(key: "test-wf", json: try JSON.parse(#"{"name": "T", \#(extra) "steps": [\#(steps)]}"#))
    }

    func error(_ steps: String) -> String? {
        do { _ = try workflow(steps); return nil } catch { return "\(error)" }
    }

    @Test func workflowLevelFields() throws {
        let wf = try workflow("", extra: """
        "categories": ["marketing", "black friday"], "settings": {"override_preferences": true, "is_commercial": true},
        "trigger_frequency": "once_per_recipient_per_tenant", "conditions": {"all": [{"variable": "recipient.role", "operator": "equal_to", "argument": "admin"}]},
        "trigger_data_json_schema": {"type": "object"},
        """)
        #expect(wf.name == "T")
        #expect(wf.categories == ["marketing", "black friday"])
        #expect(wf.overridePreferences && wf.isCommercial)
        #expect(wf.triggerFrequency == .oncePerRecipientPerTenant)
        #expect(wf.conditions == .all([Condition(variable: "recipient.role", operator: .equalTo, argument: "admin")]))
        #expect(wf.triggerDataJSONSchema == ["type": "object"])
        let plain = try workflow("")
        #expect(plain.triggerFrequency == .everyTrigger && !plain.overridePreferences && !plain.isCommercial && plain.conditions == nil)
    }

    @Test func channelSteps() throws {
        let wf = try workflow("""
        {"ref": "push_1", "type": "channel", "channel_key": "fcm", "channel_type": "push", "name": "Push",
         "conditions": {"any": [{"variable": "data.x", "operator": "exists"}, {"all": [{"variable": "data.y", "operator": "empty"}]}]},
         "template": {"title": "T", "text_body": "B", "settings": {"delivery_type": "silent"}},
         "channel_overrides": {"token_deregistration": true},
         "send_windows": [{"day": "monday", "type": "send", "from": "09:00", "until": "17:30:15"}, {"day": "sunday", "type": "do_not_send"}]},
        {"ref": "sms_1", "type": "channel", "channel_group_key": "sms-group", "channel_type": "sms", "template": {"text_body": "x", "settings": {"to_number": "{{ data.phone }}"}}},
        {"ref": "hook", "type": "channel", "channel_key": "webhook", "channel_type": "http"},
        {"ref": "hook2", "type": "channel", "channel_key": "webhook", "channel_type": "http",
         "template": {"url": "https://x.test", "method": "put", "headers": [{"key": "A", "value": "b"}], "query_params": "{{ data.q | json }}", "body": "{}"}},
        {"ref": "feed", "type": "channel", "channel_key": "in-app-feed", "channel_type": "in_app_feed",
         "template": {"markdown_body": "m", "action_url": "u", "action_buttons": [{"label": "Go", "action": "/go"}]}}
        """)
        guard case .channel(let push) = wf.steps[0], case .push(let pt) = push.template else { Issue.record("push"); return }
        #expect(push.channelKey == "fcm" && push.channelGroupKey == nil && push.channelType == .push && push.common.name == "Push")
        #expect(pt.title == "T" && pt.textBody == "B" && pt.deliveryType == .silent)
        #expect(push.channelOverrides == ["token_deregistration": true])
        #expect(push.sendWindows == [
            SendWindow(day: .monday, type: .send, from: TimeOfDay(hour: 9), until: TimeOfDay(hour: 17, minute: 30, second: 15)),
            SendWindow(day: .sunday, type: .doNotSend),
        ])
        #expect(wf.steps[0].conditions == .any([
            .condition(Condition(variable: "data.x", operator: .exists)),
            .all([Condition(variable: "data.y", operator: .empty)]),
        ]))
        guard case .channel(let sms) = wf.steps[1], case .sms(let st) = sms.template else { Issue.record("sms"); return }
        #expect(sms.channelGroupKey == "sms-group" && sms.channelKey == nil && st.toNumber == "{{ data.phone }}")
        guard case .channel(let hook) = wf.steps[2], case .webhook(nil) = hook.template else { Issue.record("hook"); return }
        guard case .channel(let hook2) = wf.steps[3], case .webhook(let wt?) = hook2.template else { Issue.record("hook2"); return }
        #expect(wt.request == RequestTemplate(method: .put, url: "https://x.test", headers: .pairs([KeyValuePair(key: "A", value: "b")]),
                                              queryParams: .template("{{ data.q | json }}"), body: "{}"))
        guard case .channel(let feed) = wf.steps[4], case .inAppFeed(let ft) = feed.template else { Issue.record("feed"); return }
        #expect(ft.actionURL == "u" && ft.actionButtons == [InAppFeedTemplate.ActionButton(label: "Go", action: "/go")])
    }

    @Test func functionSteps() throws {
        let wf = try workflow("""
        {"ref": "d", "type": "delay", "settings": {"delay_for": {"unit": "hours", "value": 1}, "delay_until_field_path": "data.at"}},
        {"ref": "b", "type": "batch", "settings": {"batch_key": "post_id", "batch_window": {"unit": "minutes", "value": 10},
          "batch_window_type": "sliding", "batch_window_extension_limit": {"unit": "hours", "value": 2}, "batch_items_max_limit": 50,
          "batch_items_render_limit": 5, "batch_order": "desc", "batch_execution_mode": "flush_leading", "workflow_version_mode": "latest"}},
        {"ref": "t", "type": "throttle", "settings": {"throttle_window": {"unit": "days", "value": 1}, "throttle_key": "data.k"}},
        {"ref": "f", "type": "http_fetch", "settings": {"method": "post", "url": "https://api.test", "body": "{\\"a\\": 1}"}},
        {"ref": "tw", "type": "trigger_workflow", "settings": {"workflow_key": "other", "recipients": "{{ recipient.id }}"}},
        {"ref": "ud", "type": "update_data", "settings": {"data": "{\\"x\\": 1}"}},
        {"ref": "uu", "type": "update_user", "settings": {"recipient_mode": "current", "update_properties": "{}"}},
        {"ref": "uo", "type": "update_object", "settings": {"recipient_gid": "gid://Object/projects/p1", "update_properties": {"a": 1}}},
        {"ref": "ut", "type": "update_tenant", "settings": {"recipient_mode": "reference", "recipient_gid": "gid://Object/$tenants/t1", "update_properties": "{}"}},
        {"ref": "w", "type": "wait_for_event", "settings": {}}
        """)
        guard case .delay(let d) = wf.steps[0] else { Issue.record("delay"); return }
        #expect(d.delayFor == WorkflowDuration(unit: .hours, value: 1) && d.delayUntilFieldPath == "data.at")
        guard case .batch(let b) = wf.steps[1] else { Issue.record("batch"); return }
        #expect(b.batchKey == "post_id" && b.window == WorkflowDuration(unit: .minutes, value: 10) && b.windowType == .sliding)
        #expect(b.windowExtensionLimit == WorkflowDuration(unit: .hours, value: 2) && b.itemsMaxLimit == 50 && b.itemsRenderLimit == 5)
        #expect(b.order == .desc && b.executionMode == .flushLeading && b.versionMode == .latest && wf.steps[1].conditions == nil)
        guard case .throttle(let t) = wf.steps[2] else { Issue.record("throttle"); return }
        #expect(t.window == WorkflowDuration(unit: .days, value: 1) && t.limit == 1 && t.throttleKey == "data.k")
        guard case .httpFetch(let f) = wf.steps[3] else { Issue.record("fetch"); return }
        #expect(f.request == RequestTemplate(method: .post, url: "https://api.test", body: #"{"a": 1}"#))
        guard case .triggerWorkflow(let tw) = wf.steps[4] else { Issue.record("tw"); return }
        #expect(tw.workflowKey == "other" && tw.recipients == "{{ recipient.id }}" && tw.actor == nil)
        guard case .updateData(let ud) = wf.steps[5] else { Issue.record("ud"); return }
        #expect(ud.data == #"{"x": 1}"#)
        guard case .updateUser(let uu) = wf.steps[6], case .updateObject(let uo) = wf.steps[7], case .updateTenant(let ut) = wf.steps[8] else {
            Issue.record("updates"); return
        }
        #expect(uu.recipientMode == .current && uu.recipientGID == nil)
        #expect(uo.recipientMode == .reference && uo.recipientGID == "gid://Object/projects/p1" && uo.updateProperties == #"{"a":1}"#)
        #expect(ut.recipientGID == "gid://Object/$tenants/t1")
        guard case .unsupported(let w) = wf.steps[9] else { Issue.record("unsupported"); return }
        #expect(w.type == "wait_for_event" && w.common.ref == "w")
        #expect(WorkflowDuration(unit: .weeks, value: 2).seconds == 1_209_600)
        #expect(WorkflowDuration(unit: .months, value: 1).added(to: Date(timeIntervalSince1970: 2_592_000)) == Date(timeIntervalSince1970: 5_011_200))  // Jan 31 + 1 month = Feb 28
    }

    @Test func branchesNestAndAreSearchable() throws {
        let wf = try workflow("""
        {"ref": "br", "type": "branch", "branches": [
          {"name": "Urgent", "conditions": {"all": [{"variable": "data.p", "operator": "equal_to", "argument": "urgent"}]}, "terminates": true,
           "steps": [{"ref": "inner", "type": "delay", "settings": {"delay_for": {"unit": "seconds", "value": 5}}}]},
          {"name": "Default", "steps": []}]},
        {"ref": "after", "type": "delay", "settings": {"delay_for": {"unit": "seconds", "value": 5}}}
        """)
        guard case .branch(let b) = wf.steps[0] else { Issue.record("branch"); return }
        #expect(b.branches.map(\.name) == ["Urgent", "Default"])
        #expect(b.branches.map(\.terminates) == [true, false])
        #expect(b.defaultBranch?.name == "Default")
        #expect(wf.allSteps.map(\.ref) == ["br", "inner", "after"])
        #expect(wf.step(ref: "inner")?.type == "delay")
    }

    @Test func fieldErrors() {
        #expect(error(#"{"ref": "x", "type": "delay", "settings": {"delay_for": {"unit": "hours"}}}"#) == "steps[0].settings.delay_for.value: is required")
        #expect(error(#"{"ref": "x", "type": "delay", "settings": {}}"#) == "steps[0].settings.delay_for: one of delay_for or delay_until_field_path is required")
        #expect(error(#"{"type": "delay", "settings": {}}"#) == "steps[0].ref: is required")
        #expect(error(#"{"ref": "e", "type": "channel", "channel_type": "fax", "channel_key": "k"}"#)
            == "steps[0].channel_type: expected one of email, sms, push, chat, in_app_feed, in_app_guide, http")
        #expect(error(#"{"ref": "e", "type": "channel", "channel_type": "email", "template": {"subject": "s", "html_body": "b"}}"#)
            == "steps[0].channel_key: one of channel_key or channel_group_key is required")
        #expect(error(#"{"ref": "e", "type": "channel", "channel_type": "email", "channel_key": "k", "template": {"html_body": "b"}}"#)
            == "steps[0].template.subject: is required")
        #expect(error(#"{"ref": "e", "type": "channel", "channel_type": "email", "channel_key": "k", "template": {"subject": "s"}}"#)
            == "steps[0].template.html_body: one of html_body or visual_blocks is required")
        #expect(error(#"{"ref": "e", "type": "channel", "channel_type": "sms", "channel_key": "k"}"#) == "steps[0].template: is required")
        #expect(error(#"{"ref": "e", "type": "channel", "channel_type": "sms", "channel_key": "k", "template": {"text_body": 5}}"#)
            == "steps[0].template.text_body: expected a string, got integer")
        #expect(error(#"{"ref": "b", "type": "batch", "settings": {"batch_window": {"unit": "minutes", "value": 1}, "batch_items_max_limit": 1}}"#)
            == "steps[0].settings.batch_items_max_limit: expected an integer from 2 to 1000, got 1")
        #expect(error(#"{"ref": "s", "type": "channel", "channel_type": "sms", "channel_key": "k", "template": {"text_body": "x"}, "send_windows": [{"day": "monday", "type": "send", "from": "25:00"}]}"#)
            == "steps[0].send_windows[0].from: expected a time HH:MM or HH:MM:SS, got \"25:00\"")
        #expect(error(#"{"ref": "c", "type": "delay", "settings": {"delay_for": {"unit": "hours", "value": 1}}, "conditions": {"all": [{"variable": "data.x", "operator": "like"}]}}"#)
            == "steps[0].conditions.all[0].operator: expected one of \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", "))")
        #expect(error(#"{"ref": "br", "type": "branch", "branches": [{"steps": []}, {"steps": []}]}"#)
            == "steps[0].branches[1].conditions: only one default branch (without conditions) is allowed")
        #expect(error(#"{"ref": "u", "type": "update_user", "settings": {"recipient_mode": "reference", "update_properties": "{}"}}"#)
            == "steps[0].settings.recipient_gid: is required")
    }
}
