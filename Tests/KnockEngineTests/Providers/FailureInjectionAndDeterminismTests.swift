import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ProvidersFailureInjectionTests {
    let registry = ChannelRegistry()

    @Test func nextNThenBackToSuccess() {
        let email = registry.channel(key: "email")!
        let injector = FailureInjector()
        injector.inject(.undelivered, count: 2, channelID: email.id)
        #expect(injector.pending(channelID: email.id) == [.init(outcome: .undelivered, remaining: 2)])
        let provider = SimulatedProviders.provider(for: email)
        let statuses = (0..<3).map { i in
            provider.deliver(Fixture.request(email, content: Fixture.email, messageID: "m\(i)"), injector: injector).status
        }
        #expect(statuses == [.undelivered, .undelivered, .delivered])
        #expect(injector.pending(channelID: email.id).isEmpty)
    }

    @Test func injectionsQueueInOrderPerChannel() {
        let sms = registry.channel(key: "sms")!
        let email = registry.channel(key: "email")!
        let injector = FailureInjector()
        injector.inject(.bounced, count: 1, channelID: sms.id)
        injector.inject(.undelivered, count: 1, channelID: sms.id)
        let provider = SimulatedProviders.provider(for: sms)
        let first = provider.deliver(Fixture.request(sms, content: Fixture.sms), injector: injector)
        #expect(first.status == .bounced && first.deliveryLogs[0].response.body["code"] == 21614)
        // Another channel is unaffected.
        #expect(SimulatedProviders.provider(for: email).deliver(Fixture.request(email, content: Fixture.email), injector: injector).status == .delivered)
        #expect(provider.deliver(Fixture.request(sms, content: Fixture.sms), injector: injector).status == .undelivered)
        #expect(provider.deliver(Fixture.request(sms, content: Fixture.sms), injector: injector).status == .delivered)
    }

    @Test func deliveryAttemptedWaitsForTheRetry() throws {
        let push = registry.channel(key: "push")!
        let injector = FailureInjector()
        injector.inject(.deliveryAttempted, channelID: push.id)
        let provider = SimulatedProviders.provider(for: push)
        let request = Fixture.request(push, channelData: ["tokens": ["t1"]], content: Fixture.push)
        let first = provider.deliver(request, injector: injector)
        #expect(first.status == .deliveryAttempted && first.attempts == 1)
        #expect(Fixture.events(first) == ["message.created", "message.queued", "message.delivery_attempted"])
        #expect(first.deliveryLogs[0].response.status == 503)
        let retry = try #require(first.retry)
        let second = provider.deliver(request, plan: DeliveryPlan().resuming(retry), injector: injector)
        #expect(second.status == .sent && second.attempts == 2)
        #expect(Fixture.events(second) == ["message.sent"])
    }

    @Test func bouncedInjectionOnChatAndWebhook() {
        let slack = registry.channel(key: "slack")!
        let webhook = registry.channel(key: "webhook")!
        let injector = FailureInjector()
        injector.inject(.bounced, channelID: slack.id)
        injector.inject(.bounced, channelID: webhook.id)
        let chat = SimulatedProviders.provider(for: slack).deliver(Fixture.request(
            slack, channelData: ["connections": [["channel_id": "C1", "access_token": "x"]]], content: Fixture.chat), injector: injector)
        #expect(chat.status == .bounced)
        let hook = SimulatedProviders.provider(for: webhook).deliver(Fixture.request(
            webhook, content: .webhook(RenderedWebhook(method: "POST", url: "https://a.example.com"))), injector: injector)
        #expect(hook.status == .bounced && hook.deliveryLogs[0].response.status == 410)
    }

    @Test func clearAndIgnoreNonPositiveCounts() {
        let injector = FailureInjector()
        let id = UUID()
        injector.inject(.bounced, count: 0, channelID: id)
        #expect(injector.pending(channelID: id).isEmpty)
        injector.inject(.bounced, count: 3, channelID: id)
        injector.clear(channelID: id)
        #expect(injector.take(channelID: id) == nil)
        injector.inject(.bounced, count: 3, channelID: id)
        injector.clear()
        #expect(injector.take(channelID: id) == nil)
    }

    @Test func concurrentTakesConsumeExactlyN() async {
        let injector = FailureInjector()
        let id = UUID()
        injector.inject(.undelivered, count: 500, channelID: id)
        let taken = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<1000 { group.addTask { injector.take(channelID: id) == nil ? 0 : 1 } }
            return await group.reduce(0, +)
        }
        #expect(taken == 500)
    }
}

@Suite struct ProvidersDeterminismTests {
    let registry = ChannelRegistry()

    func everyChannel(messageID: String) -> [DeliveryOutcome] {
        let data: [String: JSON] = ["push": ["tokens": ["a", "flaky-1-b"]], "fcm": ["tokens": ["c"]],
                                    "slack": ["connections": [["channel_id": "C1", "access_token": "x"]]]]
        let content: [ChannelType: RenderedContent] = [
            .email: Fixture.email, .sms: Fixture.sms, .push: Fixture.push, .chat: Fixture.chat, .inAppFeed: Fixture.feed,
            .http: .webhook(RenderedWebhook(method: "POST", url: "https://a.example.com", body: "{}"))]
        return registry.channels.map { ch in
            SimulatedProviders.provider(for: ch).deliver(Fixture.request(
                ch, recipient: ["id": "u1", "email": "a@flaky.test", "phone_number": "+15551234567"],
                channelData: data[ch.key], content: content[ch.type]!, messageID: messageID))
        }
    }

    @Test func sameInputsSameOutputs() {
        let a = everyChannel(messageID: "msg-1")
        let b = everyChannel(messageID: "msg-1")
        #expect(a == b)
        #expect(a.allSatisfy { $0.result == .message })
        let serializedA = a.flatMap { $0.deliveryLogs.map { $0.json(environmentID: Fixture.environmentID).serialized() } }
        let serializedB = b.flatMap { $0.deliveryLogs.map { $0.json(environmentID: Fixture.environmentID).serialized() } }
        #expect(serializedA == serializedB && !serializedA.isEmpty)
    }

    @Test func differentMessagesGetDifferentIds() {
        let a = everyChannel(messageID: "msg-1").flatMap(\.deliveryLogs)
        let b = everyChannel(messageID: "msg-2").flatMap(\.deliveryLogs)
        #expect(Set(a.map(\.id)).isDisjoint(with: Set(b.map(\.id))))
        #expect(Set(a.map(\.id)).count == a.count)
    }

    @Test func timestampsAndIds() {
        #expect(ProviderTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(ProviderTimestamp.string(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500000Z")
        #expect(ProviderTimestamp.string(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000000Z")
        #expect(SMSProvider.rfc2822(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(DeterministicID.base62("x").count == 27)
        #expect(DeterministicID.base62("x") == DeterministicID.base62("x"))
        #expect(DeterministicID.hex("x", length: 40).count == 40)
    }
}
