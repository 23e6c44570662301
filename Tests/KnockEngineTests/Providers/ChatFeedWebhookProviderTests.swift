import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ProvidersChatTests {
    let slack = ChannelRegistry().channel(key: "slack")!

    @Test func slackPostMessage() throws {
        let o = ChatProvider(provider: "slack").deliver(Fixture.request(
            slack, channelData: ["connections": [["channel_id": "C123", "access_token": "xoxb-1"]]], content: Fixture.chat))
        #expect(o.status == .sent)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.sent"])
        let log = try #require(o.deliveryLogs.first)
        #expect(log.request.host == "slack.com" && log.request.path == "/api/chat.postMessage")
        #expect(log.request.headers["Authorization"] == "Bearer [REDACTED]")
        #expect(log.request.body == ["channel": "C123", "text": "*Deploy* finished", "mrkdwn": true])
        #expect(log.response.body["ok"] == true && log.response.body["channel"] == "C123")
        #expect(log.response.body["ts"]?.stringValue?.hasPrefix("1717243200.") == true)
        #expect(o.recipientSnapshot == ["channel_id": "C123"])
        #expect(o.contents["template"]?["summary"] == "Deploy")
    }

    @Test func slackJsonBodyAndTokenFallbacks() {
        let content = RenderedContent.chat(RenderedChat(markdown: "md", json: ["blocks": [["type": "section"]]], summary: "S"))
        var request = Fixture.request(slack, channelData: ["connections": [["user_id": "U1"]]], content: content)
        request.tenantChannelData = ["token": ["access_token": "xoxb-tenant"]]
        let o = ChatProvider(provider: "slack").deliver(request)
        #expect(o.status == .sent)
        #expect(o.deliveryLogs[0].request.body == ["channel": "U1", "text": "S", "blocks": [["type": "section"]]])
        #expect(o.deliveryLogs[0].response.body["channel"]?.stringValue?.hasPrefix("D") == true)
        #expect(o.contents["template"]?["json_content"] == ["blocks": [["type": "section"]]])
        #expect(o.recipientSnapshot == ["user_id": "U1"])

        let noToken = ChatProvider(provider: "slack").deliver(Fixture.request(slack, channelData: ["connections": [["channel_id": "C1"]]], content: Fixture.chat))
        #expect(noToken.status == .undelivered)
        #expect(noToken.deliveryLogs[0].response.body == ["ok": false, "error": "not_authed"])
    }

    @Test func slackIncomingWebhookAndFailures() {
        let url = "https://hooks.slack.com/services/T0/B0/xyz"
        let o = ChatProvider(provider: "slack").deliver(Fixture.request(slack, channelData: ["connections": [["incoming_webhook": ["url": .string(url)]]]], content: Fixture.chat))
        #expect(o.deliveryLogs[0].request.host == "hooks.slack.com" && o.deliveryLogs[0].request.path == "/services/T0/B0/xyz")
        #expect(o.deliveryLogs[0].response.body == "ok")
        #expect(o.recipientSnapshot == ["via_incoming_webhook": true])

        let bounce = ChatProvider(provider: "slack").deliver(Fixture.request(slack, channelData: ["connections": [["channel_id": "bounce-C", "access_token": "x"]]], content: Fixture.chat))
        #expect(bounce.status == .bounced && bounce.deliveryLogs[0].response.body["error"] == "channel_not_found")
        let flaky = ChatProvider(provider: "slack").deliver(Fixture.request(slack, channelData: ["connections": [["channel_id": "flaky-C", "access_token": "x"]]], content: Fixture.chat))
        #expect(flaky.status == .sent && flaky.attempts == 3 && flaky.deliveryLogs[0].response.status == 429)
        let none = ChatProvider(provider: "slack").deliver(Fixture.request(slack, channelData: ["connections": []], content: Fixture.chat))
        #expect(none.result == .skipped(.missingChannelData))
    }

    @Test func teamsAndDiscord() {
        let teams = Channel(key: "msteams", type: .chat)
        let t = ChatProvider(provider: "msteams").deliver(Fixture.request(teams, channelData: ["connections": [["ms_teams_channel_id": "19:abc"]]], content: Fixture.chat))
        #expect(t.status == .sent && t.deliveryLogs[0].request.path == "/amer/v3/conversations/19:abc/activities")
        #expect(t.deliveryLogs[0].serviceName == "Microsoft Teams" && t.deliveryLogs[0].response.status == 201)
        let tw = ChatProvider(provider: "msteams").deliver(Fixture.request(teams, channelData: ["connections": [["incoming_webhook": ["url": "https://acme.webhook.office.com/x"]]]], content: Fixture.chat))
        #expect(tw.deliveryLogs[0].response.body == "1")
        #expect(tw.deliveryLogs[0].request.body["attachments"]?[0]?["contentType"] == "application/vnd.microsoft.card.adaptive")

        let discord = Channel(key: "discord", type: .chat)
        let d = ChatProvider(provider: "discord").deliver(Fixture.request(discord, channelData: ["connections": [["channel_id": "987"]]], content: Fixture.chat))
        #expect(d.deliveryLogs[0].request.path == "/api/v10/channels/987/messages")
        #expect(d.deliveryLogs[0].request.body == ["content": "*Deploy* finished"])
        #expect(d.status == .sent)
        let dBounce = ChatProvider(provider: "discord").deliver(Fixture.request(discord, channelData: ["connections": [["channel_id": "bounce-1"]]], content: Fixture.chat))
        #expect(dBounce.deliveryLogs[0].response.body["code"] == 10003)
    }
}

@Suite struct ProvidersInAppFeedTests {
    let channel = ChannelRegistry().channel(key: "in-app-feed")!

    @Test func deliveredAtCreationWithoutLogs() {
        let o = InAppFeedProvider().deliver(Fixture.request(channel, content: Fixture.feed))
        #expect(o.status == .delivered)
        #expect(Fixture.events(o) == ["message.created", "message.delivered"])
        #expect(o.deliveryLogs.isEmpty && o.attempts == 1)
        #expect(o.outbox?.summary.text == "**Hi**" && o.outbox?.to == ["u1"])
    }

    @Test func noSandboxAndNoFailures() {
        let injector = FailureInjector()
        injector.inject(.bounced, count: 1, channelID: channel.id)
        let o = InAppFeedProvider().deliver(Fixture.request(channel, recipient: ["id": "fail-user"], content: Fixture.feed, sandbox: true), injector: injector)
        #expect(o.status == .delivered)
        #expect(injector.pending(channelID: channel.id).count == 1)  // not consumed
    }
}

@Suite struct ProvidersWebhookTests {
    let channel = ChannelRegistry().channel(key: "webhook")!

    func hook(_ url: String, method: String = "POST", body: String? = #"{"event":"signup","n":1}"#) -> RenderedContent {
        .webhook(RenderedWebhook(method: method, url: url, headers: [KeyValuePair(key: "X-Token", value: "abc")],
                                 queryParams: [KeyValuePair(key: "source", value: "knock sh")], body: body))
    }

    @Test func logsTheActualRequest() throws {
        let o = WebhookProvider().deliver(Fixture.request(channel, content: hook("https://api.example.com/hooks/in?x=1")))
        #expect(o.status == .delivered)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.sent", "message.delivered"])
        let log = try #require(o.deliveryLogs.first)
        #expect(log.request.method == "POST" && log.request.host == "api.example.com" && log.request.path == "/hooks/in")
        #expect(log.request.query == "?x=1&source=knock+sh")
        #expect(log.request.headers == ["X-Token": "abc"])
        #expect(log.request.body == ["event": "signup", "n": 1])
        #expect(log.response.status == 200)
        #expect(o.contents == ["__typename": "MessageHttpContent", "url": "https://api.example.com/hooks/in?x=1", "method": "POST",
                               "headers": ["X-Token": "abc"], "body": #"{"event":"signup","n":1}"#])
    }

    @Test func responderDecidesByStatus() {
        let serverError = WebhookProvider { _ in LoggedResponse(status: 500, body: "boom") }
        let o = serverError.deliver(Fixture.request(channel, content: hook("https://x.example.com/")))
        #expect(o.status == .undelivered && o.attempts == 8)
        #expect(o.transitions.last?.data?["failure_reason"] == "retries_exhausted")
        let notFound = WebhookProvider { _ in LoggedResponse(status: 404) }.deliver(Fixture.request(channel, content: hook("https://x.example.com/")))
        #expect(notFound.status == .undelivered && notFound.attempts == 1)
        #expect(notFound.transitions.last?.data?["failure_reason"] == "fatal_error")
        let accepted = WebhookProvider { _ in LoggedResponse(status: 202, body: "") }.deliver(Fixture.request(channel, content: hook("https://x.example.com/", method: "get", body: nil)))
        #expect(RenderedWebhook(method: HTTPRequestMethod.patch, url: "u").method == "PATCH")
        #expect(accepted.status == .delivered && accepted.deliveryLogs[0].request.method == "GET")
        #expect(accepted.deliveryLogs[0].request.body == .null)
    }

    @Test func patternsAndBadURLs() {
        let flaky = WebhookProvider().deliver(Fixture.request(channel, content: hook("https://1.flaky.test/x")))
        #expect(flaky.status == .delivered && flaky.deliveryLogs.map(\.response.status) == [503, 200])
        let gone = WebhookProvider().deliver(Fixture.request(channel, content: hook("https://undeliverable.test/x")))
        #expect(gone.status == .undelivered && gone.deliveryLogs[0].response.status == 404)
        let malformed = WebhookProvider().deliver(Fixture.request(channel, content: hook("not a url")))
        #expect(malformed.status == .undelivered && malformed.deliveryLogs.isEmpty && malformed.attempts == 1)
        let empty = WebhookProvider().deliver(Fixture.request(channel, content: hook(" ")))
        #expect(empty.result == .skipped(.missingURL))
    }
}
