import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ProvidersEmailTests {
    let channel = ChannelRegistry().channel(key: "email")!
    let postmark = EmailProvider(provider: "postmark")

    @Test func postmarkSuccess() throws {
        let o = postmark.deliver(Fixture.request(channel, content: Fixture.email))
        #expect(o.result == .message)
        #expect(o.status == .delivered)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.sent", "message.delivered"])
        #expect(o.transitions.map(\.status) == [.queued, .queued, .sent, .delivered])
        #expect(o.attempts == 1 && o.maxAttempts == 8 && o.retry == nil)
        #expect(o.contents == ["__typename": "MessageEmailContent", "from": "notifications@knocksh.local", "to": "ada@example.com",
                               "subject_line": "Welcome", "html_body": "<p>Hi Ada</p>", "text_body": "Hi Ada",
                               "cc": nil, "bcc": nil, "reply_to": nil])
        #expect(o.recipientSnapshot == ["email": "ada@example.com", "name": "Ada"])
        let log = try #require(o.deliveryLogs.first)
        #expect(o.deliveryLogs.count == 1)
        #expect(log.request.method == "POST" && log.request.host == "api.postmarkapp.com" && log.request.path == "/email")
        #expect(log.request.headers["X-Postmark-Server-Token"] == "[REDACTED]")
        #expect(log.request.body == ["From": "notifications@knocksh.local", "To": "ada@example.com", "Subject": "Welcome",
                                     "HtmlBody": "<p>Hi Ada</p>", "TextBody": "Hi Ada", "MessageStream": "outbound",
                                     "Metadata": ["knock_message_id": "2w3YUpTTOxuDvZFji8OMsKrG176"]])
        #expect(log.response.status == 200)
        #expect(log.response.body["ErrorCode"] == 0 && log.response.body["Message"] == "OK")
        #expect(log.response.body["To"] == "ada@example.com")
        #expect(log.response.body["SubmittedAt"] == "2024-06-01T12:00:00.000000Z")
        let id = try #require(log.response.body["MessageID"]?.stringValue)
        #expect(UUID(uuidString: id) != nil)
        #expect(o.metadata == ["external_id": .string(id)])
        let outbox = try #require(o.outbox)
        #expect(outbox.to == ["ada@example.com"] && outbox.summary.subject == "Welcome" && outbox.summary.text == "Hi Ada")
        #expect(outbox.channelKey == "email" && outbox.provider == "postmark" && outbox.workflowKey == "welcome")
        #expect(outbox.recipient == "u1" && outbox.status == .delivered && outbox.attempts == 1)
        #expect(outbox.json["channel_type"] == "email")
    }

    @Test func overridesAndSenderFromChannelSettings() {
        var ch = channel
        ch.settings = ["from_address": "hello@acme.test", "from_name": "Acme"]
        let content = RenderedContent.email(RenderedEmail(subject: "S", htmlBody: "<b>x</b>", textBody: "x", to: "other@example.com",
                                                          cc: "cc@example.com", bcc: "bcc@example.com", replyTo: "reply@example.com"))
        let o = postmark.deliver(Fixture.request(ch, content: content))
        #expect(o.contents["from"] == "Acme <hello@acme.test>")
        #expect(o.contents["to"] == "other@example.com")
        #expect(o.contents["cc"] == "cc@example.com" && o.contents["bcc"] == "bcc@example.com" && o.contents["reply_to"] == "reply@example.com")
        let body = o.deliveryLogs[0].request.body
        #expect(body["Cc"] == "cc@example.com" && body["Bcc"] == "bcc@example.com" && body["ReplyTo"] == "reply@example.com")
    }

    @Test func missingEmailSkipsTheStep() {
        let o = postmark.deliver(Fixture.request(channel, recipient: ["id": "u1", "email": ""], content: Fixture.email))
        #expect(o.result == .skipped(.missingEmail))
        #expect(o.transitions.isEmpty && o.deliveryLogs.isEmpty && o.outbox == nil && o.contents == .null)
        #expect(postmark.destinations(for: Fixture.request(channel, recipient: ["id": "u1"], content: Fixture.email)) == .failure(.missingEmail))
    }

    @Test func sandboxIsNotSent() {
        let o = postmark.deliver(Fixture.request(channel, content: Fixture.email, sandbox: true))
        #expect(o.status == .notSent)
        #expect(Fixture.events(o) == ["message.created", "message.not_sent"])
        #expect(o.deliveryLogs.isEmpty && o.outbox == nil && o.attempts == 0)
        #expect(o.contents["subject_line"] == "Welcome")
    }

    @Test func bounceDomain() throws {
        let o = postmark.deliver(Fixture.request(channel, recipient: ["id": "u1", "email": "ada@bounce.test"], content: Fixture.email))
        #expect(o.status == .bounced && o.attempts == 1)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.bounced"])
        let log = try #require(o.deliveryLogs.first)
        #expect(log.response.status == 422)
        #expect(log.response.body["ErrorCode"] == 406)
        #expect(log.response.body["Message"]?.stringValue?.hasPrefix("You tried to send to recipient(s) that have been marked as inactive.") == true)
        #expect(o.transitions.last?.data?["failure_reason"] == "bounced")
        #expect(o.transitions.last?.data?["token"] == nil)
        #expect(o.metadata == nil)
    }

    @Test func undeliverableDomain() {
        let o = postmark.deliver(Fixture.request(channel, recipient: ["id": "u1", "email": "ada@undeliverable.test"], content: Fixture.email))
        #expect(o.status == .undelivered && o.attempts == 1 && o.deliveryLogs.count == 1)
        #expect(o.deliveryLogs[0].response.body["ErrorCode"] == 300)
        #expect(o.transitions.last?.data?["failure_reason"] == "fatal_error")
        #expect(o.outbox?.status == .undelivered)
    }

    @Test func flakyDomainRetriesThenDelivers() {
        let o = postmark.deliver(Fixture.request(channel, recipient: ["id": "u1", "email": "ada@flaky.test"], content: Fixture.email))
        #expect(o.status == .delivered && o.attempts == 3)
        #expect(Fixture.events(o) == ["message.created", "message.queued", "message.delivery_attempted", "message.delivery_attempted",
                                      "message.sent", "message.delivered"])
        let attempted = o.transitions.filter { $0.event == .deliveryAttempted }
        #expect(attempted.map { $0.data?["attempt"] } == [1, 2])
        #expect(attempted.allSatisfy { $0.data?["max_attempts"] == 8 && $0.data?["retryable"] == true })
        #expect(o.deliveryLogs.map(\.response.status) == [503, 503, 200])
        #expect(o.deliveryLogs.map(\.attempt) == [1, 2, 3])
        #expect(Set(o.deliveryLogs.map(\.id)).count == 3)
    }

    @Test func flakyBeyondMaxAttemptsIsExhausted() {
        let o = postmark.deliver(Fixture.request(channel, recipient: ["id": "u1", "email": "ada@9.flaky.test"], content: Fixture.email))
        #expect(o.status == .undelivered && o.attempts == 8 && o.deliveryLogs.count == 8)
        #expect(o.transitions.filter { $0.event == .deliveryAttempted }.count == 7)
        #expect(o.transitions.last?.data?["failure_reason"] == "retries_exhausted")
        // A smaller plan exhausts sooner.
        let short = postmark.deliver(Fixture.request(channel, recipient: ["id": "u1", "email": "ada@3.flaky.test"], content: Fixture.email),
                                     plan: DeliveryPlan(maxAttempts: 2))
        #expect(short.status == .undelivered && short.attempts == 2 && short.maxAttempts == 2)
    }

    @Test func scheduledRetriesWaitForTheClock() throws {
        let request = Fixture.request(channel, recipient: ["id": "u1", "email": "ada@flaky.test"], content: Fixture.email)
        let plan = DeliveryPlan(retries: .scheduled)
        let first = postmark.deliver(request, plan: plan)
        #expect(first.status == .deliveryAttempted && first.attempts == 1)
        let retry = try #require(first.retry)
        #expect(retry.attempt == 2 && retry.dueAt == Fixture.now.addingTimeInterval(15))
        #expect(first.outbox?.status == .deliveryAttempted)

        var later = request
        later.now = retry.dueAt
        let second = postmark.deliver(later, plan: plan.resuming(retry))
        #expect(second.status == .deliveryAttempted && second.attempts == 2)
        #expect(Fixture.events(second) == ["message.delivery_attempted"])
        let retry2 = try #require(second.retry)
        #expect(retry2.attempt == 3 && retry2.dueAt == retry.dueAt.addingTimeInterval(30))

        later.now = retry2.dueAt
        let third = postmark.deliver(later, plan: plan.resuming(retry2))
        #expect(third.status == .delivered && third.attempts == 3 && third.retry == nil)
        #expect(Fixture.events(third) == ["message.sent", "message.delivered"])
        #expect(third.deliveryLogs.map(\.attempt) == [3])
        #expect(third.transitions.allSatisfy { $0.at == retry2.dueAt })
    }

    @Test func otherEmailProviders() throws {
        let sendgrid = EmailProvider(provider: "sendgrid").deliver(Fixture.request(channel, content: Fixture.email))
        let sg = try #require(sendgrid.deliveryLogs.first)
        #expect(sg.serviceName == "SendGrid" && sg.request.host == "api.sendgrid.com" && sg.request.path == "/v3/mail/send")
        #expect(sg.request.body["personalizations"] == [["to": [["email": "ada@example.com"]]]])
        #expect(sg.response.status == 202 && sg.response.headers["X-Message-Id"] != nil)
        #expect(sendgrid.status == .delivered)

        // SendGrid accepts, then the bounce arrives: the log shows 202, the message bounces.
        let sgBounce = EmailProvider(provider: "sendgrid").deliver(Fixture.request(channel, recipient: ["id": "u", "email": "x@bounce.test"], content: Fixture.email))
        #expect(sgBounce.status == .bounced && sgBounce.deliveryLogs[0].response.status == 202)

        let resend = EmailProvider(provider: "resend").deliver(Fixture.request(channel, content: Fixture.email))
        #expect(resend.deliveryLogs[0].request.host == "api.resend.com" && resend.deliveryLogs[0].request.path == "/emails")
        #expect(resend.deliveryLogs[0].request.body["to"] == ["ada@example.com"])

        let mailgun = EmailProvider(provider: "mailgun").deliver(Fixture.request(channel, content: Fixture.email))
        let mg = mailgun.deliveryLogs[0]
        #expect(mg.request.path == "/v3/mg.knocksh.local/messages")
        #expect(mg.request.body.stringValue?.hasPrefix("from=notifications%40knocksh.local&to=ada%40example.com&subject=Welcome") == true)
        #expect(mg.response.body["message"] == "Queued. Thank you.")

        let ses = EmailProvider(provider: "ses").deliver(Fixture.request(channel, content: Fixture.email))
        #expect(ses.deliveryLogs[0].serviceName == "Amazon SES")
        #expect(ses.deliveryLogs[0].request.host == "ses.simulated.knocksh.invalid")
        #expect(ses.status == .delivered)
    }
}
