import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct WorkflowLoaderTests {
    @Test func resolvesReferencesRelativeToTheReferencingFile() throws {
        let t = TempWorkflows()
        defer { t.remove() }
        t.write("comments/workflow.json", """
        {"$schema": "https://schemas.knock.app/cli/workflow.json", "name": "Comments",
         "__readonly": {"key": "comments", "active": true, "valid": true},
         "steps": [
          {"ref": "in_app_feed_1", "type": "channel", "channel_key": "in-app-feed", "channel_type": "in_app_feed",
           "template": {"markdown_body@": "in_app_feed_1/markdown_body.md"}},
          {"ref": "email_1", "type": "channel", "channel_key": "postmark", "channel_type": "email",
           "template": {"subject": "Hi", "visual_blocks@": "email_1/visual_blocks.json", "settings": {}}},
          {"ref": "chat_1", "type": "channel", "channel_key": "slack", "channel_type": "chat",
           "template": {"markdown_body": "inline", "markdown_body@": "chat_1/missing.md", "json_body@": "chat_1/body.json"}}
         ]}
        """)
        t.write("comments/in_app_feed_1/markdown_body.md", "Hello **{{ recipient.name }}**\n")
        t.write("comments/email_1/visual_blocks.json", #"[{"type": "markdown", "content@": "visual_blocks/1.content.md"}]"#)
        t.write("comments/email_1/visual_blocks/1.content.md", "Block one")
        t.write("comments/chat_1/body.json", #"{"blocks": []}"#)

        let result = WorkflowLoader(directory: t.root).load()
        #expect(result.diagnostics == [])
        let wf = try #require(result["comments"])
        #expect(wf.key == "comments")
        #expect(wf.raw["__readonly"] == nil)
        #expect(wf.raw["$schema"] == nil)
        #expect(wf.raw["key"] == "comments")
        #expect(wf.readonly?["active"] == true)

        guard case .channel(let feed) = wf.steps[0], case .inAppFeed(let ft) = feed.template else { Issue.record("feed"); return }
        #expect(ft.markdownBody == "Hello **{{ recipient.name }}**\n")
        #expect(ft.raw["markdown_body@"] == nil)

        guard case .channel(let email) = wf.steps[1], case .email(let et) = email.template else { Issue.record("email"); return }
        // visual_blocks.json is spliced as JSON and its own reference resolves relative to email_1/.
        #expect(et.visualBlocks == [["type": "markdown", "content": "Block one"]])
        #expect(et.attachmentKey == "attachments")
        #expect(et.layoutKey == nil)

        guard case .channel(let chat) = wf.steps[2], case .chat(let ct) = chat.template else { Issue.record("chat"); return }
        #expect(ct.markdownBody == "inline")             // inline key wins, the missing file is never read
        #expect(ct.jsonBody == #"{"blocks": []}"#)       // .json files other than visual_blocks stay strings
    }

    @Test func followsAtMostTwoLevels() throws {
        let t = TempWorkflows()
        defer { t.remove() }
        t.write("deep/workflow.json", """
        {"name": "Deep", "steps": [{"ref": "email_1", "type": "channel", "channel_key": "email", "channel_type": "email",
          "template": {"subject": "s", "visual_blocks@": "email_1/visual_blocks.json"}}]}
        """)
        t.write("deep/email_1/visual_blocks.json", #"[{"type": "partial", "attrs@": "a/visual_blocks.json"}]"#)
        t.write("deep/email_1/a/visual_blocks.json", #"[{"content@": "x.md"}]"#)
        t.write("deep/email_1/a/x.md", "third level")
        let wf = try #require(WorkflowLoader(directory: t.root).load()["deep"])
        guard case .channel(let s) = wf.steps[0], case .email(let e) = s.template else { Issue.record("email"); return }
        // Level 1: visual_blocks.json, level 2: a/visual_blocks.json; its own reference stays unresolved.
        #expect(e.visualBlocks == [["type": "partial", "attrs": [["content@": "x.md"]]]])
    }

    @Test func reportsFileAndFieldAndKeepsLoadingOthers() {
        let t = TempWorkflows()
        defer { t.remove() }
        t.write("digest/workflow.json", """
        {"name": "Digest", "steps": [
          {"ref": "a", "type": "channel", "channel_key": "email", "channel_type": "email", "template": {"subject": "s", "html_body": "b"}},
          {"ref": "b", "type": "channel", "channel_key": "email", "channel_type": "email", "template": {"subject": "s", "html_body": "b"}},
          {"ref": "delay_1", "type": "delay", "settings": {"delay_for": {"unit": "fortnights", "value": 1}}}]}
        """)
        t.write("missing-file/workflow.json", """
        {"name": "M", "steps": [{"ref": "sms_1", "type": "channel", "channel_key": "sms", "channel_type": "sms",
          "template": {"text_body@": "sms_1/text_body.txt"}}]}
        """)
        t.write("escape/workflow.json", """
        {"name": "E", "steps": [{"ref": "sms_1", "type": "channel", "channel_key": "sms", "channel_type": "sms",
          "template": {"text_body@": "../good/workflow.json"}}]}
        """)
        t.write("bad-json/workflow.json", "{\"name\": \"B\",\n \"steps\": [}")
        t.write("bad-blocks/workflow.json", """
        {"name": "BB", "steps": [{"ref": "email_1", "type": "channel", "channel_key": "email", "channel_type": "email",
          "template": {"subject": "s", "visual_blocks@": "email_1/visual_blocks.json"}}]}
        """)
        t.write("bad-blocks/email_1/visual_blocks.json", "[{")
        t.write("good/workflow.json", #"{"name": "Good", "steps": []}"#)
        t.write("notes/README.md", "not a workflow")
        t.write("channels.json", "{}")

        let result = WorkflowLoader(directory: t.root).load()
        #expect(result.definitions.map(\.key) == ["good"])
        #expect(result.diagnostics.map(\.description) == [
            "workflows/bad-blocks/email_1/visual_blocks.json: invalid JSON: expected a string key at line 1, column 3",
            "workflows/bad-json/workflow.json: invalid JSON: unexpected character '}' at line 2, column 12",
            "workflows/digest/workflow.json: steps[2].settings.delay_for.unit: expected one of seconds, minutes, hours, days, weeks, months",
            "workflows/escape/workflow.json: steps[0].template.text_body@: file path leaves the workflow directory: ../good/workflow.json",
            "workflows/missing-file/workflow.json: steps[0].template.text_body@: referenced file not found: sms_1/text_body.txt",
        ])
        #expect(result.diagnostics.map(\.workflowKey) == ["bad-blocks", "bad-json", "digest", "escape", "missing-file"])
    }

    @Test func rejectsDuplicateRefsAndBadKeys() {
        let t = TempWorkflows()
        defer { t.remove() }
        t.write("dup/workflow.json", """
        {"name": "D", "steps": [
          {"ref": "x", "type": "delay", "settings": {"delay_for": {"unit": "seconds", "value": 1}}},
          {"ref": "br", "type": "branch", "branches": [{"name": "default", "steps": [
            {"ref": "x", "type": "delay", "settings": {"delay_for": {"unit": "seconds", "value": 1}}}]}]}]}
        """)
        t.write("Bad Key/workflow.json", #"{"name": "x", "steps": []}"#)
        let result = WorkflowLoader(directory: t.root).load()
        #expect(result.definitions.isEmpty)
        #expect(result.diagnostics.map(\.description) == [
            "workflows/Bad Key/workflow.json: key: workflow key \"Bad Key\" must be 3–255 characters of a-z, 0-9, _ and -",
            "workflows/dup/workflow.json: steps: step ref \"x\" is used more than once",
        ])
    }

    @Test func sampleRecipesLoadWithoutDiagnostics() throws {
        let result = WorkflowLoader(directory: TempWorkflows.recipes).load()
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.definitions.map(\.key) == [
            "branching", "comment-digest", "fetch-enrich", "new-comment", "promo", "push-alert", "reminder",
            "slack-alert", "sms-code", "tenant-announcement", "throttled", "webhook-event", "welcome",
        ])
        let promo = try #require(result["promo"])
        #expect(promo.isCommercial && promo.categories == ["marketing"])
        let digest = try #require(result["comment-digest"])
        guard case .batch(let b) = digest.steps[0], case .channel(let e) = digest.steps[1], case .email(let et) = e.template else {
            Issue.record("digest shape"); return
        }
        #expect(b.batchKey == "post_id" && b.window == WorkflowDuration(unit: .minutes, value: 10))
        #expect(et.subject == "{{ total_activities }} new comments on {{ data.post_title }}")
        let (registry, problems) = ChannelRegistry.load(directory: TempWorkflows.recipes, workflows: result.definitions)
        #expect(problems == [])
        let welcome = try #require(result["welcome"])
        #expect(welcome.validateTriggerData(["workspace_name": "Acme"]) == [])
        #expect(welcome.validateTriggerData([:]).map(\.description) == ["data.workspace_name: is required"])
        #expect(result["reminder"]?.validateTriggerData(["anything": 1]) == [])
        #expect(registry.channel(key: "twilio")?.type == .sms)
        #expect(registry.channel(key: "apns")?.provider == "apns")
    }
}
