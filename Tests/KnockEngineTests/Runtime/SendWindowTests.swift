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
}
