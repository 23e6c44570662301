import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ProvidersSMSTests {
    let channel = ChannelRegistry().channel(key: "sms")!
    let twilio = SMSProvider(provider: "twilio")

    @Test func twilioSuccess() throws {
        let o = twilio.deliver(Fixture.request(channel, content: Fixture.sms))
        #expect(o.status == .delivered)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.sent", "message.delivered"])
        let log = try #require(o.deliveryLogs.first)
        #expect(log.serviceName == "Twilio" && log.request.host == "api.twilio.com")
        #expect(log.request.path.hasPrefix("/2010-04-01/Accounts/AC") && log.request.path.hasSuffix("/Messages.json"))
        #expect(log.request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(log.request.body == "To=%2B15551234567&From=%2B15005550006&Body=Your+code+is+1234")
        #expect(log.response.status == 201 && log.response.body["status"] == "queued")
        let sid = try #require(log.response.body["sid"]?.stringValue)
        #expect(sid.hasPrefix("SM") && sid.count == 34)
        #expect(log.response.body["date_created"] == "Sat, 01 Jun 2024 12:00:00 +0000")
        #expect(o.metadata == ["external_id": .string(sid)])
        #expect(o.outbox?.to == ["+15551234567"] && o.outbox?.summary.text == "Your code is 1234")
    }

    @Test func toOverrideAndMissingPhone() {
        let o = twilio.deliver(Fixture.request(channel, content: .sms(RenderedSMS(body: "x", to: "+15550000000"))))
        #expect(o.contents["to"] == "+15550000000")
        let skipped = twilio.deliver(Fixture.request(channel, recipient: ["id": "u1"], content: Fixture.sms))
        #expect(skipped.result == .skipped(.missingPhoneNumber))
    }

    @Test func magicNumbers() {
        func deliver(_ phone: String) -> DeliveryOutcome {
            twilio.deliver(Fixture.request(channel, recipient: ["id": "u1", "phone_number": .string(phone)], content: Fixture.sms))
        }
        let invalid = deliver("+15005550001")
        #expect(invalid.status == .undelivered && invalid.deliveryLogs[0].response.body["code"] == 21211)
        #expect(invalid.deliveryLogs[0].response.status == 400)
        let bounce = deliver("+1 500 555 0009")
        #expect(bounce.status == .bounced && bounce.deliveryLogs[0].response.body["code"] == 21614)
        let flaky = deliver("+15005550002")
        #expect(flaky.status == .delivered && flaky.attempts == 3)
        #expect(flaky.deliveryLogs.map(\.response.status) == [429, 429, 201])
    }

    @Test func otherSMSProviderIsGeneric() {
        let o = SMSProvider(provider: "vonage").deliver(Fixture.request(channel, content: Fixture.sms))
        #expect(o.deliveryLogs[0].serviceName == "Vonage" && o.deliveryLogs[0].request.host == "vonage.simulated.knocksh.invalid")
        #expect(o.status == .delivered)
    }
}

@Suite struct ProvidersPushTests {
    let registry = ChannelRegistry()

    @Test func apnsOneLogPerToken() throws {
        let o = PushProvider(provider: "apns").deliver(Fixture.request(
            registry.channel(key: "push")!, channelData: ["tokens": ["tok-a", "tok-b", "tok-a"]], content: Fixture.push))
        #expect(o.status == .sent)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.sent"])
        #expect(o.deliveryLogs.map(\.request.path) == ["/3/device/tok-a", "/3/device/tok-b"])
        let log = o.deliveryLogs[0]
        #expect(log.serviceName == "APNs" && log.request.host == "api.push.apple.com")
        #expect(log.request.headers["apns-push-type"] == "alert")
        #expect(log.request.body == ["aps": ["alert": ["title": "Hi", "body": "New comment"], "sound": "default"],
                                     "comment_id": "c1", "knock_message_id": "2w3YUpTTOxuDvZFji8OMsKrG176"])
        #expect(log.response.status == 200 && log.response.headers["apns-id"] != nil)
        #expect(o.outbox?.to == ["tok-a", "tok-b"] && o.outbox?.summary.title == "Hi")
        #expect(o.recipientSnapshot == nil)
    }

    @Test func silentPushSendsNoAlert() {
        let o = PushProvider(provider: "apns").deliver(Fixture.request(
            registry.channel(key: "push")!, channelData: ["tokens": ["t"]], content: .push(RenderedPush(title: "T", body: "B", silent: true))))
        #expect(o.deliveryLogs[0].request.body["aps"] == ["content-available": 1])
        #expect(o.deliveryLogs[0].request.headers["apns-push-type"] == "background")
    }

    @Test func fcmShapeAndDevices() throws {
        var ch = registry.channel(key: "fcm")!
        ch.settings = ["project_id": "acme-app"]
        let o = PushProvider(provider: "fcm").deliver(Fixture.request(
            ch, channelData: ["devices": [["token": "dev-1", "locale": "en"]]],
            content: .push(RenderedPush(title: "Hi", body: "B", data: ["n": 3]))))
        let log = try #require(o.deliveryLogs.first)
        #expect(log.request.host == "fcm.googleapis.com" && log.request.path == "/v1/projects/acme-app/messages:send")
        #expect(log.request.body == ["message": ["token": "dev-1", "notification": ["title": "Hi", "body": "B"],
                                                 "data": ["n": "3", "knock_message_id": "2w3YUpTTOxuDvZFji8OMsKrG176"]]])
        #expect(log.response.body["name"]?.stringValue?.hasPrefix("projects/acme-app/messages/0:") == true)
        #expect(o.contents["token"] == "dev-1")
    }

    @Test func fcmUnregisteredBounces() throws {
        let o = PushProvider(provider: "fcm").deliver(Fixture.request(
            registry.channel(key: "fcm")!, channelData: ["tokens": ["bounce-1"]], content: Fixture.push))
        #expect(o.status == .bounced && o.bouncedTokens == ["bounce-1"])
        #expect(o.transitions.last?.data?["token"] == "bounce-1")
        let err = o.deliveryLogs[0].response.body["error"]
        #expect(o.deliveryLogs[0].response.status == 404 && err?["status"] == "NOT_FOUND")
        #expect(err?["details"]?[0]?["errorCode"] == "UNREGISTERED")
    }

    @Test func oneGoodTokenIsEnough() {
        let o = PushProvider(provider: "apns").deliver(Fixture.request(
            registry.channel(key: "push")!, channelData: ["tokens": ["bounce-old", "good"]], content: Fixture.push))
        #expect(o.status == .sent && o.bouncedTokens == ["bounce-old"])
        #expect(o.deliveryLogs.map(\.response.status) == [410, 200])
        #expect(o.deliveryLogs[0].response.body["reason"] == "Unregistered")
    }

    @Test func failAndFlakyTokens() {
        let ch = registry.channel(key: "push")!
        let fail = PushProvider(provider: "apns").deliver(Fixture.request(ch, channelData: ["tokens": ["fail-x"]], content: Fixture.push))
        #expect(fail.status == .undelivered && fail.deliveryLogs[0].response.body["reason"] == "BadDeviceToken")
        let flaky = PushProvider(provider: "apns").deliver(Fixture.request(ch, channelData: ["tokens": ["flaky-4-x"]], content: Fixture.push))
        #expect(flaky.status == .sent && flaky.attempts == 5)
        #expect(flaky.deliveryLogs.map(\.response.status) == [503, 503, 503, 503, 200])
    }

    @Test func retriesOnlyTheFailingTokens() {
        // flaky-1 fails once; fail-z fails for good; nothing accepted on attempt 1, so only flaky-1 is retried.
        let o = PushProvider(provider: "apns").deliver(Fixture.request(
            registry.channel(key: "push")!, channelData: ["tokens": ["flaky-1-a", "fail-z"]], content: Fixture.push))
        #expect(o.status == .sent && o.attempts == 2)
        #expect(o.deliveryLogs.map(\.destinationIndex) == [0, 1, 0])
    }

    @Test func expoAndMissingTokens() throws {
        var ch = registry.channel(key: "push")!
        ch.provider = "expo"
        let o = PushProvider(provider: "expo").deliver(Fixture.request(ch, channelData: ["tokens": ["ExponentPushToken[abc]"]], content: Fixture.push))
        #expect(o.deliveryLogs[0].request.host == "exp.host" && o.deliveryLogs[0].request.path == "/--/api/v2/push/send")
        #expect(o.deliveryLogs[0].response.body["data"]?["status"] == "ok")
        let bounce = PushProvider(provider: "expo").deliver(Fixture.request(ch, channelData: ["tokens": ["bounce-e"]], content: Fixture.push))
        #expect(bounce.status == .bounced && bounce.deliveryLogs[0].response.status == 200)
        #expect(bounce.deliveryLogs[0].response.body["data"]?["details"]?["error"] == "DeviceNotRegistered")
        let none = PushProvider(provider: "expo").deliver(Fixture.request(ch, channelData: ["tokens": []], content: Fixture.push))
        #expect(none.result == .skipped(.missingChannelData))
        let noData = PushProvider(provider: "expo").deliver(Fixture.request(ch, content: Fixture.push))
        #expect(noData.result == .skipped(.missingChannelData))
    }
}
