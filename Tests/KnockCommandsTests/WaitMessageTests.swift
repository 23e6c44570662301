import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing

/// `wait message`/`wait messages`: return as soon as the condition holds, fail at once on a
/// final bad state, back off between polls, and say what they last saw on timeout.
@Suite struct WaitMessageTests {
    /// Messages and their events/logs, as the fake answers them.
    static func server(messages: @escaping @Sendable (Int) -> [JSON]) throws -> (FakeKnock, Counter) {
        let polls = Counter()
        let fake = try FakeKnock { r in
            if r.path.hasSuffix("/events") {
                return .json(page([["type": "message.sent", "inserted_at": "2025-01-01T00:00:01Z"],
                                   ["type": "message.bounced", "inserted_at": "2025-01-01T00:00:02Z"]]))
            }
            if r.path.hasSuffix("/delivery_logs") {
                return .json(page([["request": ["method": "POST", "host": "api.sendgrid.com", "path": "/v3/mail/send"],
                                    "response": ["status": 400, "body": ["error": "mailbox unavailable"]]]]))
            }
            // The first request of a test process pays for warming up the HTTP client; scripts
            // that time their waits send `http GET /warm` first.
            if r.path == "/warm" { return .json([:]) }
            return .json(page(messages(polls.next())))
        }
        return (fake, polls)
    }

    @Test func returnsAsSoonAsTheMessageExists() async throws {
        let (fake, polls) = try Self.server { n in n < 3 ? [] : [message("m1", status: "sent")] }
        defer { fake.stop() }
        let run = await runAPIScript("""
            http GET /warm
            let m = wait message --recipient u1 --workflow welcome --channel-type email within 5s
            expect $m.id == "m1"
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(polls.value == 3)
        let polled = fake.requests.filter { $0.path.hasSuffix("/messages") }
        let first = try #require(polled.first)
        // Against the engine (a local session) the recipient is filtered here: it does not serve
        // `users messages` yet.
        #expect(first.path == "/v1/messages")
        #expect(first.query("source") == "welcome")
    }

    @Test func waitsForTheStatusAndAcceptsDeliveredForSent() async throws {
        let (fake, _) = try Self.server { n in [message("m1", status: n < 2 ? "queued" : n < 4 ? "sent" : "delivered")] }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let sent = wait message --status sent
            let delivered = wait message --status delivered --run run_1
            expect $delivered.status == "delivered"
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(fake.requests[0].path == "/v1/messages")
        #expect(fake.requests.last?.query("workflow_run_id") == "run_1")
    }

    @Test func failsAtOnceOnAFinalBadState() async throws {
        let (fake, polls) = try Self.server { _ in [message("m1", status: "bounced")] }
        defer { fake.stop() }
        let run = await runAPIScript("wait message --recipient u1 --status delivered within 10s", baseURL: fake.baseURL)
        #expect(run.status == .failed)
        #expect(polls.value == 1)
        let error = try #require(run.error)
        #expect(error.message.contains("reached bounced, a final state, while waiting for delivered"))
        let notes = error.notes.joined(separator: "\n")
        #expect(notes.contains("closest message m1 (workflow welcome, channel email, recipient u1): status bounced"))
        #expect(notes.contains("events: message.sent 2025-01-01T00:00:01Z, message.bounced 2025-01-01T00:00:02Z"))
        #expect(notes.contains("delivery log: POST api.sendgrid.com/v3/mail/send → 400"))
    }

    @Test func waitingForTheBadStateItselfSucceeds() async throws {
        let (fake, _) = try Self.server { _ in [message("m1", status: "bounced")] }
        defer { fake.stop() }
        let run = await runAPIScript("expect (wait message --status bounced).id == \"m1\"", baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
    }

    @Test func timeoutReportsTheClosestMessageItsEventsAndLogs() async throws {
        let (fake, _) = try Self.server { _ in [message("m1", status: "queued", channelType: "sms"), message("m2", status: "queued", recipient: "u9")] }
        defer { fake.stop() }
        let run = await runAPIScript("http GET /warm\nwait message --channel-type sms --status delivered within 300ms", baseURL: fake.baseURL)
        #expect(run.status == .failed)
        let error = try #require(run.error)
        #expect(error.kind == .failure)
        #expect(error.message == "wait message: no matching message within 300ms")
        let notes = error.notes.joined(separator: "\n")
        #expect(notes.contains("for channel-type=sms status=delivered"))
        #expect(notes.contains("closest message m1 (workflow welcome, channel sms, recipient u1): status queued"))
        #expect(notes.contains("differs in: status"))
        #expect(notes.contains("events: message.sent"))
        #expect(notes.contains("delivery log: POST api.sendgrid.com"))
    }

    @Test func timeoutWithNothingSaysSo() async throws {
        let (fake, polls) = try Self.server { _ in [] }
        defer { fake.stop() }
        let run = await runAPIScript("http GET /warm\nwait message --recipient u1 within 1500ms", baseURL: fake.baseURL)
        #expect(run.status == .failed)
        #expect(run.error?.notes.contains("no messages at all for recipient u1") == true)
        // Backoff: 2, 4, 8, ... 500 ms, so about eleven polls in 1.5 s, not hundreds (a stalled
        // machine can only make fewer). PollerTests check the delays and the deadline themselves.
        #expect(polls.value >= 1 && polls.value <= 11, "\(polls.value) polls")
    }

    @Test func waitMessagesReturnsNOldestFirst() async throws {
        let (fake, _) = try Self.server { n in
            let all = [message("m3", status: "sent", insertedAt: "2025-01-01T00:00:03Z"),
                       message("m2", status: "sent", insertedAt: "2025-01-01T00:00:02Z"),
                       message("m1", status: "sent", insertedAt: "2025-01-01T00:00:01Z")]
            return Array(all.suffix(min(n, 3)))
        }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let ms = wait messages 2 --workflow welcome
            expect ($ms | map id) == ["m1", "m2"]
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
    }

    @Test func theTestDeadlineStopsAWait() async throws {
        let (fake, _) = try Self.server { _ in [] }
        defer { fake.stop() }
        let run = await runAPIScript("wait message within 30s", baseURL: fake.baseURL, deadlineMilliseconds: 200)
        #expect(run.status == .errored)
        #expect(run.error?.kind == .timeout)
        #expect(run.seconds < 25, "the 200 ms test deadline, not the 30 s wait, must end it")
    }

    @Test func badUsageIsARuntimeError() async throws {
        let (fake, _) = try Self.server { _ in [] }
        defer { fake.stop() }
        #expect(await runAPIScript("wait message --colour red", baseURL: fake.baseURL).error?.message.contains("unknown option --colour") == true)
        #expect(await runAPIScript("wait message --status delivred", baseURL: fake.baseURL).error?.message.contains("unknown status") == true)
        #expect(await runAPIScript("wait messages", baseURL: fake.baseURL).error?.message.contains("how many") == true)
        #expect(fake.requests.isEmpty)
    }
}
