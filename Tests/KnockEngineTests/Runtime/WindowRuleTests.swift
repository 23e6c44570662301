import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Window rules (`{frequency, days, hours, minutes, day_of_month}`) in delay, batch and throttle
/// field paths, on the virtual clock. The harness starts on Tuesday 2023-11-14 22:13:20 UTC.
@Suite struct WindowRuleTests {
    let h = RuntimeHarness()

    @Test func nextMomentPerFrequency() throws {
        let now = RuntimeHarness.start
        func next(_ json: JSON, _ zone: String = "UTC") -> String? {
            WindowRule(json: json)?.next(after: now, in: TimeZone(identifier: zone)!).map(ProviderTimestamp.string)
        }
        #expect(next(["frequency": "hourly", "minutes": 30]) == "2023-11-14T22:30:00.000000Z")
        #expect(next(["frequency": "hourly", "minutes": 10]) == "2023-11-14T23:10:00.000000Z")
        #expect(next(["frequency": "daily", "hours": 9]) == "2023-11-15T09:00:00.000000Z")
        #expect(next(["frequency": "daily", "hours": 9, "minutes": 15], "America/New_York") == "2023-11-15T14:15:00.000000Z")
        #expect(next(["frequency": "daily", "hours": 23]) == "2023-11-14T23:00:00.000000Z")
        #expect(next(["frequency": "weekly", "days": ["sat"], "hours": 10]) == "2023-11-18T10:00:00.000000Z")
        #expect(next(["frequency": "daily", "days": "weekends", "hours": 8]) == "2023-11-18T08:00:00.000000Z")
        #expect(next(["frequency": "hourly", "days": ["thursday"]]) == "2023-11-16T00:00:00.000000Z")
        #expect(next(["frequency": "monthly", "day_of_month": 1, "hours": 6]) == "2023-12-01T06:00:00.000000Z")
        // November has no 31st: the next 31st is in December.
        #expect(next(["frequency": "monthly", "day_of_month": 31]) == "2023-12-31T00:00:00.000000Z")
        // Invalid rules are not rules.
        #expect(WindowRule(json: ["frequency": "yearly"]) == nil)
        #expect(WindowRule(json: ["frequency": "daily", "hours": 24]) == nil)
        #expect(WindowRule(json: ["frequency": "daily", "days": ["someday"]]) == nil)
    }

    /// Delays u1's in-app message until the next 09:00 (a daily window rule) and answers when it
    /// was created, checking that it was not a second earlier. The clock stops 14:00 UTC on
    /// Wednesday, 09:00 in New York: 15 h 46 min 40 s after the start.
    func messageTimeOfANineOClockDelay() throws -> JSON? {
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "delay", "ref": "delay_1", "settings": ["delay_until_field_path": "data.send_at"]], Steps.inApp()]])
        try h.trigger("digest", ["recipients": ["u1"], "data": ["send_at": ["frequency": "daily", "hours": 9]]])
        h.runtime.advance(by: 56_799)
        #expect(h.messages().isEmpty)
        h.runtime.advance(by: 1)
        return h.messages().first?["inserted_at"]
    }

    @Test func delayUntilAWindowRuleInTheRecipientsTimeZone() throws {
        h.user("u1", ["timezone": "America/New_York"])
        #expect(try messageTimeOfANineOClockDelay() == "2023-11-15T14:00:00.000000Z")
    }

    @Test func invalidWindowRuleSkipsTheDelay() throws {
        h.user("u1")
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "delay", "ref": "delay_1", "settings": ["delay_until_field_path": "send_at"]], Steps.inApp()]])
        try h.trigger("digest", ["recipients": ["u1"], "data": ["send_at": ["frequency": "fortnightly"]]])
        #expect(h.messages().count == 1)
        let run = try #require(h.runs().first)
        let detail = try #require(h.runtime.recipientRun(id: run["id"]!.stringValue!))
        #expect(detail["events"]?.arrayValue?.contains { $0["data"]?["reason"] == "invalid_delay" } == true)
    }

    @Test func batchWindowClosesAtTheRule() throws {
        h.user("u1")
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_until_field_path": "data.close"]],
            Steps.inApp(body: "{{ total_activities }}"),
        ]])
        let rule: JSON = ["frequency": "hourly", "minutes": 45]
        try h.trigger("digest", ["recipients": ["u1"], "data": ["close": rule]])
        try h.trigger("digest", ["recipients": ["u1"], "data": ["close": rule]])
        // Closes at 22:45 UTC, 31 min 40 s after the start.
        h.runtime.advance(by: 1_899)
        #expect(h.messages().isEmpty)
        h.runtime.advance(by: 1)
        let m = try #require(h.messages().first)
        #expect(m["inserted_at"] == "2023-11-14T22:45:00.000000Z")
        #expect(h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"] == "<p>2</p>")
    }

    @Test func throttleWindowEndsAtTheRule() throws {
        h.user("u1")
        h.workflow("throttled", ["name": "x", "steps": [
            ["type": "throttle", "ref": "throttle_1", "settings": ["throttle_window_field_path": "data.until", "throttle_limit": 1]],
            Steps.inApp(),
        ]])
        let body: JSON = ["recipients": ["u1"], "data": ["until": ["frequency": "daily", "hours": 0]]]
        try h.trigger("throttled", body)
        try h.trigger("throttled", body)
        #expect(h.messages().count == 1)
        // The window ends at midnight UTC (1 h 46 min 40 s on); a trigger then opens a new one.
        h.runtime.advance(by: 6_399)
        try h.trigger("throttled", body)
        #expect(h.messages().count == 1)
        h.runtime.advance(by: 1)
        try h.trigger("throttled", body)
        #expect(h.messages().count == 2)
    }

    /// A recipient without a timezone is in the environment's default one (Knock's account
    /// default), for window rules as for send windows.
    @Test func aRecipientWithoutATimeZoneIsInTheEnvironmentsDefault() throws {
        h.directory.defaultTimeZone = TimeZone(identifier: "America/New_York")!
        h.user("u1")
        // As for a recipient in New York.
        #expect(try messageTimeOfANineOClockDelay() == "2023-11-15T14:00:00.000000Z")
    }

    /// Batch windows from a rule follow the default timezone too.
    @Test func aBatchRuleUsesTheEnvironmentsDefaultTimeZone() throws {
        h.directory.defaultTimeZone = TimeZone(identifier: "Asia/Kolkata")!
        h.user("u1")
        h.workflow("digest", ["name": "x", "steps": [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_until_field_path": "data.close"]], Steps.inApp()]])
        // 22:13 UTC is 03:43 in Kolkata (UTC+5:30): the next hh:00 there is 04:00, 22:30 UTC.
        try h.trigger("digest", ["recipients": ["u1"], "data": ["close": ["frequency": "hourly"]]])
        h.runtime.advance(by: 999)
        #expect(h.messages().isEmpty)
        h.runtime.advance(by: 1)
        #expect(h.messages().first?["inserted_at"] == "2023-11-14T22:30:00.000000Z")
    }
}
