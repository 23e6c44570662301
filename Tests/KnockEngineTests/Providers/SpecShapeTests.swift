import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Contents, delivery logs and events use exactly the spec's field names.
@Suite struct ProvidersSpecShapeTests {
    let registry = ChannelRegistry()

    @Test func specReaderFindsKnownSchemas() {
        #expect(SpecSchema.properties("MessageSmsContent") == ["__typename", "to", "body"])
        #expect(SpecSchema.properties("MessageChatContent", path: ["template"]) == ["blocks", "json_content", "summary"])
    }

    @Test func emailContents() {
        let o = EmailProvider(provider: "postmark").deliver(Fixture.request(registry.channel(key: "email")!, content: Fixture.email))
        #expect(SpecSchema.keys(o.contents) == SpecSchema.properties("MessageEmailContent"))
        #expect(o.contents["__typename"] == "MessageEmailContent")
    }

    @Test func smsContents() {
        let o = SMSProvider(provider: "twilio").deliver(Fixture.request(registry.channel(key: "sms")!, content: Fixture.sms))
        #expect(SpecSchema.keys(o.contents) == SpecSchema.properties("MessageSmsContent"))
        #expect(o.contents == ["__typename": "MessageSmsContent", "to": "+15551234567", "body": "Your code is 1234"])
    }

    @Test func pushContents() {
        let o = PushProvider(provider: "apns").deliver(Fixture.request(registry.channel(key: "push")!, channelData: ["tokens": ["t1"]], content: Fixture.push))
        #expect(SpecSchema.keys(o.contents) == SpecSchema.properties("MessagePushContent"))
        #expect(o.contents == ["__typename": "MessagePushContent", "token": "t1", "title": "Hi", "body": "New comment", "data": ["comment_id": "c1"]])
    }

    @Test func chatContents() {
        let o = ChatProvider(provider: "slack").deliver(Fixture.request(
            registry.channel(key: "slack")!, channelData: ["connections": [["channel_id": "C1", "access_token": "xoxb"]]], content: Fixture.chat))
        #expect(SpecSchema.keys(o.contents) == SpecSchema.properties("MessageChatContent"))
        #expect(SpecSchema.keys(o.contents["template"]) == SpecSchema.properties("MessageChatContent", path: ["template"]))
        for block in o.contents["template"]?["blocks"]?.arrayValue ?? [] {
            #expect(SpecSchema.keys(block) == SpecSchema.properties("Block"))
        }
        #expect(o.contents["connection"] == ["channel_id": "C1", "access_token": "xoxb"])
    }

    @Test func inAppContents() {
        let o = InAppFeedProvider().deliver(Fixture.request(registry.channel(key: "in-app-feed")!, content: Fixture.feed))
        #expect(SpecSchema.keys(o.contents) == SpecSchema.properties("MessageInAppFeedContent"))
        let blocks = o.contents["blocks"]?.arrayValue ?? []
        #expect(SpecSchema.keys(blocks[0]) == SpecSchema.properties("MessageInAppFeedContentBlock"))
        #expect(SpecSchema.keys(blocks[1]) == SpecSchema.properties("MessageInAppFeedButtonSetBlock"))
        #expect(blocks[1]["buttons"]?[0] == ["name": "primary", "label": "Open", "action": "/open"])
    }

    @Test func contentsEnvelope() {
        let env = MessageContentsRecord.json(messageID: "m1", insertedAt: Fixture.now, data: ["x": 1])
        #expect(SpecSchema.keys(env) == SpecSchema.properties("MessageContents"))
        #expect(env["__typename"] == "MessageContent")
        #expect(env["inserted_at"] == "2024-06-01T12:00:00.000000Z")
    }

    @Test func deliveryLogShape() throws {
        let o = EmailProvider(provider: "postmark").deliver(Fixture.request(registry.channel(key: "email")!, content: Fixture.email))
        let log = try #require(o.deliveryLogs.first).json(environmentID: Fixture.environmentID)
        #expect(SpecSchema.keys(log) == SpecSchema.properties("MessageDeliveryLog"))
        #expect(SpecSchema.keys(log["request"]) == SpecSchema.properties("MessageDeliveryLogRequest"))
        #expect(SpecSchema.keys(log["response"]) == SpecSchema.properties("MessageDeliveryLogResponse"))
        #expect(log["__typename"] == "MessageDeliveryLog")
        #expect(log["environment_id"] == "123e4567-e89b-12d3-a456-426614174000")
        #expect(log["service_name"] == "Postmark")
        #expect(log["id"]?.stringValue?.count == 27)
    }

    @Test func eventTypesAreTheSpecEnum() {
        // Every provider event type appears in MessageEvent.type's enum.
        let spec = SpecSchema.lines.joined(separator: "\n")
        for t in MessageEventType.allCases { #expect(spec.contains("            - \(t.rawValue)\n")) }
        for s in MessageDeliveryStatus.allCases { #expect(spec.contains("- \(s.rawValue)\n")) }
    }
}
