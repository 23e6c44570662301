import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ChannelRegistryTests {
    @Test func defaultsCoverEveryChannelType() {
        let r = ChannelRegistry()
        #expect(r.channels.map(\.key) == ["in-app-feed", "email", "sms", "push", "fcm", "slack", "webhook"])
        #expect(r.channels.map(\.type) == [.inAppFeed, .email, .sms, .push, .push, .chat, .http])
        #expect(r.channels.map(\.provider) == ["knock", "postmark", "twilio", "apns", "fcm", "slack", "webhook"])
        #expect(r.channels.allSatisfy { $0.origin == .builtIn })
        #expect(r.defaultChannel(for: .push)?.key == "push")
    }

    @Test func idsAreStableNameBasedUUIDs() {
        // RFC 9562 Appendix A.4 example: v5 of "www.example.com" in the DNS namespace.
        #expect(NameBasedUUID.make(namespace: NameBasedUUID.dns, name: "www.example.com").uuidString.lowercased()
            == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        let a = ChannelRegistry().channel(key: "email")!.id
        #expect(a == Channel.stableID(forKey: "email"))
        #expect(a == NameBasedUUID.make(namespace: Channel.idNamespace, name: "channel:email"))
        #expect(a != Channel.stableID(forKey: "sms"))
        #expect(a.uuidString.lowercased() == Channel.stableID(forKey: "email").uuidString.lowercased())
        let uuid = a.uuidString
        #expect(Array(uuid)[14] == "5")  // version nibble
    }

    @Test func lookupByIdOrKey() {
        let r = ChannelRegistry()
        let email = r.channel(key: "email")!
        #expect(r.channel(idOrKey: email.id.uuidString.lowercased())?.key == "email")
        #expect(r.channel(idOrKey: email.id.uuidString)?.key == "email")
        #expect(r.channel(idOrKey: "email")?.id == email.id)
        #expect(r.channel(id: email.id)?.key == "email")
        #expect(r.channel(idOrKey: "nope") == nil)
        #expect(email.json == ["id": .string(email.id.uuidString.lowercased()), "key": "email", "name": "Email", "type": "email", "provider": "postmark"])
    }

    @Test func infersProvidersFromKeys() {
        let cases: [(String, ChannelType, String)] = [
            ("postmark", .email, "postmark"), ("sendgrid-prod", .email, "sendgrid"), ("mailgun_eu", .email, "mailgun"),
            ("resend", .email, "resend"), ("aws-ses-prod", .email, "ses"), ("ses", .email, "ses"),
            ("twilio", .sms, "twilio"), ("twilio-sms", .sms, "twilio"), ("apns-staging", .push, "apns"), ("fcm", .push, "fcm"),
            ("expo-push", .push, "expo"), ("onesignal", .push, "onesignal"), ("slack-bot", .chat, "slack"),
            ("msteams", .chat, "msteams"), ("ms-teams-prod", .chat, "msteams"), ("discord", .chat, "discord"),
            ("my-mailer", .email, "postmark"), ("texts", .sms, "twilio"), ("slack-webhook", .http, "webhook"),
            ("slack-webhook", .chat, "slack"), ("SendGrid", .email, "sendgrid"),
        ]
        for (key, type, provider) in cases {
            #expect(ProviderCatalog.infer(fromKey: key, type: type) == provider, "\(key)")
        }
    }

    @Test func workflowStepsAddMissingChannels() throws {
        var r = ChannelRegistry()
        let wf = try WorkflowDefinition(key: "wf1", json: try JSON.parse("""
        {"name": "x", "steps": [
          {"ref": "a", "type": "channel", "channel_key": "sendgrid-prod", "channel_type": "email", "template": {"subject": "s", "html_body": "b"}},
          {"ref": "b", "type": "channel", "channel_key": "sms", "channel_type": "email", "template": {"subject": "s", "html_body": "b"}},
          {"ref": "c", "type": "channel", "channel_group_key": "mobile", "channel_type": "push", "template": {"title": "t", "text_body": "b"}}]}
        """))
        let warnings = r.register(workflows: [wf])
        let added = try #require(r.channel(key: "sendgrid-prod"))
        #expect(added.type == .email && added.provider == "sendgrid" && added.origin == .inferred && added.id == Channel.stableID(forKey: "sendgrid-prod"))
        #expect(warnings.map(\.description) == ["wf1/workflow.json: steps(b).channel_key: channel \"sms\" is sms but the step is email"])
        #expect(r.channels(for: wf.channelSteps[0]).map(\.key) == ["sendgrid-prod"])
        #expect(r.channels(for: wf.channelSteps[2]).map(\.key) == ["push"])   // unconfigured group → default push channel
        r.add(ChannelGroup(key: "mobile", channelType: .push, channelKeys: ["push", "fcm"]))
        #expect(r.channels(for: wf.channelSteps[2]).map(\.key) == ["push", "fcm"])
    }

    @Test func configFile() throws {
        let t = TempWorkflows()
        defer { t.remove() }
        t.write("channels.json", """
        {"channels": [
           {"key": "postmark", "name": "Postmark", "id": "11111111-2222-4333-8444-555555555555",
            "conditions": {"all": [{"variable": "recipient.email", "operator": "not_contains", "argument": "@blocked.test"}]}},
           {"key": "email", "type": "email", "provider": "sendgrid"},
           {"key": "team-chat", "provider": "msteams"},
           {"key": "mystery"},
           {"key": "bad-id", "type": "sms", "id": "nope"}],
         "channel_groups": [{"key": "all-push", "channel_type": "push", "channels": ["push", "fcm"]}]}
        """)
        let (r, diagnostics) = ChannelConfigLoader.load(directory: t.root)
        #expect(diagnostics.map(\.description) == [
            "workflows/channels.json: channels[3].type: is required when neither provider nor key names a known provider",
            "workflows/channels.json: channels[4].id: expected a UUID, got \"nope\"",
        ])
        let pm = try #require(r.channel(key: "postmark"))
        #expect(pm.type == .email && pm.provider == "postmark" && pm.id.uuidString.lowercased() == "11111111-2222-4333-8444-555555555555")
        #expect(pm.conditions == .all([Condition(variable: "recipient.email", operator: .notContains, argument: "@blocked.test")]))
        #expect(r.channel(key: "email")?.provider == "sendgrid")          // replaces the default, same position
        #expect(r.channels[1].key == "email")
        #expect(r.channel(key: "team-chat")?.type == .chat)
        #expect(r.groups == [ChannelGroup(key: "all-push", channelType: .push, channelKeys: ["push", "fcm"])])

        let (none, d2) = ChannelConfigLoader.parse(["include_defaults": false, "channels": [["key": "twilio"]]])
        #expect(d2 == [] && none.channels.map(\.key) == ["twilio"] && none.channels[0].type == .sms)
        let (missing, d3) = ChannelConfigLoader.load(directory: t.root.appendingPathComponent("nowhere"))
        #expect(d3 == [] && missing.channels.count == 7)
    }
}
