import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Channel-step send windows on the virtual clock: a message produced outside the window is
/// stored `queued` with `scheduled_at` and sent when the window opens. The harness starts on
/// Tuesday 2023-11-14 22:13:20 UTC.
@Suite struct SendWindowTests {
    let h = RuntimeHarness()

    /// Weekdays 09:00–17:00, weekends closed.
    static let officeHours: JSON = .array(["monday", "tuesday", "wednesday", "thursday", "friday"].map {
        ["day": .string($0), "type": "send", "from": "09:00", "until": "17:00"]
    } + ["saturday", "sunday"].map { ["day": .string($0), "type": "do_not_send"] })

    func emailStep(windows: JSON) -> JSON {
        guard case .object(var o) = Steps.email() else { return .null }
        o["send_windows"] = windows
        return .object(o)
    }

    @Test func outsideTheWindowTheMessageWaitsQueuedUntilItOpens() throws {
        h.user("u1")
        h.workflow("notice", ["name": "x", "steps": [emailStep(windows: Self.officeHours)]])
        try h.trigger("notice", ["recipients": ["u1"]])
        let queued = try #require(h.messages().first)
        #expect(queued["status"] == "queued")
        #expect(queued["scheduled_at"] == "2023-11-15T09:00:00.000000Z")
        #expect(h.runtime.outbox(OutboxQuery(channelType: "email")).isEmpty)
        #expect(h.runtime.messageDeliveryLogs(id: queued["id"]!.stringValue!)?.isEmpty == true)
        // The contents exist already: rendered when the step ran.
        #expect(h.runtime.messageContent(id: queued["id"]!.stringValue!)?["data"]?["subject_line"] == "Hello ")

        // 09:00 UTC Wednesday is 10 h 46 min 40 s after the start.
        h.runtime.advance(by: 38_799)
        #expect(h.messages().first?["status"] == "queued")
        h.runtime.advance(by: 1)
        let sent = try #require(h.messages().first)
        #expect(sent["status"] == "delivered")
        #expect(sent["id"] == queued["id"])
        #expect(sent["inserted_at"] == queued["inserted_at"])
        #expect(sent["updated_at"] == "2023-11-15T09:00:00.000000Z")
        #expect(h.runtime.outbox(OutboxQuery(channelType: "email")).first?["to"] == ["u1@example.com"])
        #expect(h.runtime.messageDeliveryLogs(id: sent["id"]!.stringValue!)?.count == 1)
    }

    @Test func insideTheWindowInTheRecipientsTimeZoneItSendsAtOnce() throws {
        // 22:13 UTC on Tuesday is 14:13 in Los Angeles: inside office hours.
        h.user("u1", ["timezone": "America/Los_Angeles"])
        h.workflow("notice", ["name": "x", "steps": [emailStep(windows: Self.officeHours)]])
        try h.trigger("notice", ["recipients": ["u1"]])
        let m = try #require(h.messages().first)
        #expect(m["status"] == "delivered")
        #expect(m["scheduled_at"] == .null)
    }

    @Test func windowOpeningLaterTheSameDayAndOnTheNextAllowedDay() {
        let zone = TimeZone(identifier: "UTC")!
        let start = RuntimeHarness.start   // Tuesday 22:13:20
        let evening: [SendWindow] = SendWindow.Day.allCases.map {
            SendWindow(day: $0, type: .send, from: TimeOfDay(hour: 23), until: nil)
        }
        #expect(SendWindowCheck.evaluate(evening, now: start, zone: zone) == .opensAt(Date(timeIntervalSince1970: 1_700_002_800)))
        let fridayOnly = SendWindow.Day.allCases.map { SendWindow(day: $0, type: $0 == .friday ? .send : .doNotSend) }
        #expect(SendWindowCheck.evaluate(fridayOnly, now: start, zone: zone) == .opensAt(Date(timeIntervalSince1970: 1_700_179_200)))
        #expect(SendWindowCheck.evaluate([], now: start, zone: zone) == .open)
    }

    @Test func everyDayClosedSkipsTheStep() throws {
        h.user("u1")
        let closed: JSON = .array(SendWindow.Day.allCases.map { ["day": .string($0.rawValue), "type": "do_not_send"] })
        h.workflow("notice", ["name": "x", "steps": [emailStep(windows: closed), Steps.inApp()]])
        try h.trigger("notice", ["recipients": ["u1"]])
        let messages = h.messages()
        #expect(messages.count == 1)
        #expect(h.runtime.outbox(OutboxQuery(channelType: "email")).isEmpty)
        let run = try #require(h.runs().first)
        let events = h.runtime.recipientRun(id: run["id"]!.stringValue!)?["events"]?.arrayValue ?? []
        #expect(events.contains { $0["event"] == "step_skipped" && $0["data"]?["reason"] == "no_send_window" })
    }

    // MARK: Default and device timezones

    /// The environment's default timezone stands in for a recipient without a (valid) one; a
    /// recipient's own zone still wins.
    @Test func theEnvironmentsDefaultTimeZoneStandsInForARecipientWithoutOne() throws {
        // 22:13 UTC on Tuesday: 14:13 in Los Angeles (open), 23:13 in Paris (closed).
        h.directory.defaultTimeZone = TimeZone(identifier: "America/Los_Angeles")!
        h.user("plain")
        h.user("bogus", ["timezone": "Not/AZone"])
        h.user("paris", ["timezone": "Europe/Paris"])
        h.workflow("notice", ["name": "x", "steps": [emailStep(windows: Self.officeHours)]])
        try h.trigger("notice", ["recipients": ["plain", "bogus", "paris"]])
        let byRecipient = Dictionary(uniqueKeysWithValues: h.messages().map { ($0["recipient"]!.stringValue!, $0) })
        #expect(byRecipient["plain"]?["status"] == "delivered")
        #expect(byRecipient["plain"]?["scheduled_at"] == .null)
        #expect(byRecipient["bogus"]?["status"] == "delivered")
        #expect(byRecipient["paris"]?["status"] == "queued")
        // 09:00 in Paris on Wednesday is 08:00 UTC.
        #expect(byRecipient["paris"]?["scheduled_at"] == "2023-11-15T08:00:00.000000Z")

        // Without the setting, UTC: the same plain recipient waits for 09:00 UTC.
        h.directory.defaultTimeZone = TimeZone(identifier: "UTC")!
        try h.trigger("notice", ["recipients": ["plain"]])
        let later = try #require(h.messages { $0.statuses = ["queued"] }.first { $0["recipient"] == "plain" })
        #expect(later["scheduled_at"] == "2023-11-15T09:00:00.000000Z")
    }

    /// Push send windows are read in the device's timezone (the first device naming a known
    /// zone), not the recipient's; other channels of the same run keep the recipient's.
    @Test func aPushDevicesTimeZoneWinsOverTheRecipients() throws {
        let push = try #require(h.runtime.channels.channel(key: "push"))
        // Los Angeles: 14:13, open. Tokyo: 07:13 on Wednesday, closed until 09:00 (00:00 UTC).
        h.user("u1", ["timezone": "America/Los_Angeles", "channel_data": .object([push.id.uuidString.lowercased(): ["devices": [
            ["token": "tok-none"], ["token": "tok-bad", "timezone": "Not/AZone"], ["token": "tok-tokyo", "timezone": "Asia/Tokyo"],
        ]]])])
        var pushStep: JSONObject = ["type": "channel", "ref": "push_1", "channel_key": "push", "channel_type": "push",
                                    "template": ["title": "Hi", "text_body": "Body"]]
        pushStep["send_windows"] = Self.officeHours
        h.workflow("notice", ["name": "x", "steps": [.object(pushStep), emailStep(windows: Self.officeHours)]])
        try h.trigger("notice", ["recipients": ["u1"]])
        let push1 = try #require(h.messages().first { $0["channel"]?["type"] == "push" })
        let email = try #require(h.messages().first { $0["channel"]?["type"] == "email" })
        #expect(push1["status"] == "queued")
        #expect(push1["scheduled_at"] == "2023-11-15T00:00:00.000000Z")
        #expect(email["status"] == "delivered")

        // 00:00 UTC is 1 h 46 min 40 s after the start: the push goes to every token then.
        h.runtime.advance(by: 6_399)
        #expect(h.runtime.outbox(OutboxQuery(channelType: "push")).isEmpty)
        h.runtime.advance(by: 1)
        #expect(h.messages().first { $0["channel"]?["type"] == "push" }?["status"] == "sent")
        #expect(h.runtime.outbox(OutboxQuery(channelType: "push")).first?["to"] == ["tok-none", "tok-bad", "tok-tokyo"])
    }

    /// Devices without a timezone leave the recipient's zone in charge.
    @Test func pushDevicesWithoutATimeZoneUseTheRecipients() throws {
        let push = try #require(h.runtime.channels.channel(key: "push"))
        h.user("u1", ["timezone": "America/Los_Angeles", "channel_data": .object([push.id.uuidString.lowercased(): ["tokens": ["tok-a"]]])])
        var pushStep: JSONObject = ["type": "channel", "ref": "push_1", "channel_key": "push", "channel_type": "push",
                                    "template": ["title": "Hi", "text_body": "Body"]]
        pushStep["send_windows"] = Self.officeHours
        h.workflow("notice", ["name": "x", "steps": [.object(pushStep)]])
        try h.trigger("notice", ["recipients": ["u1"]])
        let m = try #require(h.messages().first)
        #expect(m["status"] == "sent")
        #expect(m["scheduled_at"] == .null)
    }

    // MARK: Cancelling a held message

    /// A cancel withdraws the messages its runs hold for a send window: they end `not_sent` with a
    /// `message.not_sent` event, keep `scheduled_at`, and never reach a provider. Other
    /// recipients' held messages go out when the window opens.
    @Test func cancellingWithdrawsAMessageHeldForItsSendWindow() throws {
        h.user("u1")
        h.user("u2")
        h.workflow("notice", ["name": "x", "steps": [emailStep(windows: Self.officeHours)]])
        try h.trigger("notice", ["recipients": ["u1", "u2"], "cancellation_key": "order-1"])
        #expect(h.messages().map { $0["status"] } == ["queued", "queued"])
        // Another key, or another workflow's key, withdraws nothing.
        try h.runtime.cancel(workflowKey: "notice", body: ["cancellation_key": "order-2"])
        h.runtime.drain()
        #expect(h.messages().map { $0["status"] } == ["queued", "queued"])

        try h.runtime.cancel(workflowKey: "notice", body: ["cancellation_key": "order-1", "recipients": ["u1"]])
        h.runtime.drain()
        let withdrawn = try #require(h.messages().first { $0["recipient"] == "u1" })
        let id = try #require(withdrawn["id"]?.stringValue)
        #expect(withdrawn["status"] == "not_sent")
        #expect(withdrawn["scheduled_at"] == "2023-11-15T09:00:00.000000Z")
        #expect(withdrawn["updated_at"] == "2023-11-14T22:13:20.000000Z")
        let events = h.runtime.messageEvents(id: id) ?? []
        #expect(events.map { $0["type"] } == ["message.not_sent"])
        #expect(events.first?["data"] == ["reason": "workflow_cancelled"])
        // The run had gone past its only step: it stays completed, and says what was withdrawn.
        let run = try #require(h.runs().first { $0["recipient"] == "u1" })
        #expect(run["status"] == "completed")
        let runEvents = h.runtime.recipientRun(id: run["id"]!.stringValue!)?["events"]?.arrayValue ?? []
        #expect(runEvents.contains { $0["event"] == "message_withdrawn" && $0["data"]?["message_id"] == .string(id) })

        h.runtime.advance(by: 38_800)
        #expect(h.messages().first { $0["recipient"] == "u1" }?["status"] == "not_sent")
        #expect(h.messages().first { $0["recipient"] == "u2" }?["status"] == "delivered")
        #expect(h.runtime.outbox(OutboxQuery(channelType: "email")).map { $0["to"] } == [["u2@example.com"]])
        #expect(h.runtime.messageDeliveryLogs(id: id)?.isEmpty == true)
    }

    /// A run still paused after its held message (a later delay) is cancelled too: the message is
    /// withdrawn and the later step never runs.
    @Test func cancellingAPausedRunWithdrawsItsHeldMessageAndStopsTheRun() throws {
        h.user("u1")
        h.workflow("notice", ["name": "x", "steps": [emailStep(windows: Self.officeHours), Steps.delay(minutes: 60), Steps.inApp()]])
        try h.trigger("notice", ["recipients": ["u1"], "cancellation_key": "k"])
        #expect(h.runs().first?["status"] == "paused")
        try h.runtime.cancel(workflowKey: "notice", body: ["cancellation_key": "k"])
        h.runtime.drain()
        #expect(h.runs().first?["status"] == "cancelled")
        h.runtime.advance(by: 86_400)
        let messages = h.messages()
        #expect(messages.count == 1, "the in-app step after the delay never ran")
        #expect(messages.first?["status"] == "not_sent")
        #expect(h.runtime.outbox(OutboxQuery(channelType: "email")).isEmpty)
    }
}
