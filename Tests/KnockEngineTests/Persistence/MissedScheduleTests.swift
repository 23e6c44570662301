import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Schedule occurrences that came due while the server was down (the clock kept running on
/// wall time): `--missed-schedules skip` moves the schedule on without firing them, `fire`
/// fires each of them once, oldest first, when the engine starts.
@Suite struct MissedScheduleTests {
    /// Harness starts Tuesday 2023-11-14 22:13:20 UTC: an hourly `:30` rule first fires at 22:30.
    static func setUp(_ h: RestartHarness) throws -> String {
        try h.workflow("hourly", steps: [["type": "channel", "ref": "in_app_feed_1", "channel_key": "in-app-feed",
                                          "channel_type": "in_app_feed", "template": ["markdown_body": "Ping {{ recipient.name }}"]]])
        let opened = try h.open()
        let created = try opened.engine.createSchedules(opened.env, body: [
            "workflow": "hourly", "recipients": ["u1"], "repeats": [["frequency": "hourly", "minutes": 30]],
        ])
        let schedule = try #require(created[0])
        #expect(schedule["next_occurrence_at"] == "2023-11-14T22:30:00.000000Z")
        h.close(opened)
        // Down for three hours: 22:30, 23:30 and 00:30 were missed.
        h.wall = RestartHarness.start.addingTimeInterval(3 * 3600)
        return try #require(schedule["id"]?.stringValue)
    }

    @Test func skipMovesEachScheduleOnWithoutFiring() throws {
        let h = try RestartHarness()
        let id = try Self.setUp(h)
        let opened = try h.open(missedSchedules: .skip)
        opened.runtime.drain()
        #expect(opened.messages().isEmpty)
        let schedule = try #require(try opened.engine.getSchedules(opened.env, ids: [id]).first)
        #expect(schedule["next_occurrence_at"] == "2023-11-15T01:30:00.000000Z")
        #expect(schedule["last_occurrence_at"] == .null)
        // The next occurrence fires as usual.
        opened.runtime.freeze()
        opened.runtime.advance(by: 3600)
        #expect(opened.messages().count == 1)
    }

    @Test func fireSendsEveryMissedOccurrenceOnceAtStart() throws {
        let h = try RestartHarness()
        let id = try Self.setUp(h)
        let opened = try h.open(missedSchedules: .fire)
        opened.runtime.drain()
        let messages = opened.messages()
        #expect(messages.count == 3)
        #expect(messages.allSatisfy { $0["recipient"] == "u1" })
        let schedule = try #require(try opened.engine.getSchedules(opened.env, ids: [id]).first)
        #expect(schedule["last_occurrence_at"] == "2023-11-15T00:30:00.000000Z")
        #expect(schedule["next_occurrence_at"] == "2023-11-15T01:30:00.000000Z")
        // The clock cannot go back: the late occurrences carry the time they actually ran.
        #expect(messages.allSatisfy { $0["inserted_at"] == .string(ProviderTimestamp.string(h.wall)) })
    }

    @Test func aFrozenClockMissesNothing() throws {
        let h = try RestartHarness()
        try h.workflow("hourly", steps: [["type": "channel", "ref": "in_app_feed_1", "channel_key": "in-app-feed",
                                          "channel_type": "in_app_feed", "template": ["markdown_body": "Ping"]]])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.engine.createSchedules(opened.env, body: ["workflow": "hourly", "recipients": ["u1"],
                                                                  "repeats": [["frequency": "hourly", "minutes": 30]]])
        h.close(opened)
        h.wall = RestartHarness.start.addingTimeInterval(3 * 3600)
        opened = try h.open(missedSchedules: .skip)
        #expect(opened.messages().isEmpty)
        opened.runtime.advance(by: 3 * 3600)
        #expect(opened.messages().count == 3)
    }
}
