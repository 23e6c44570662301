import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// `repeats` rules → occurrences, with fixed instants (2026-03-02 is a Monday; US DST starts 2026-03-08).
@Suite struct ScheduleRecurrenceTests {
    static let utc = TimeZone(identifier: "UTC")!

    static func at(_ s: String) -> Date { ScheduleRows.date(Timestamp(iso8601: s)!) }
    static func iso(_ d: Date?) -> String? { d.map { ScheduleRows.timestamp($0).iso8601 } }

    /// The first `count` occurrences after `after`.
    static func occurrences(_ rules: [JSON], anchor: String, after: String, count: Int = 4, zone: TimeZone = utc,
                            notBefore: String? = nil, endingAt: String? = nil) -> [String] {
        let r = ScheduleRecurrence(rules: rules, anchor: at(anchor), timeZone: zone)
        var out: [String] = []
        var cursor = at(after)
        for _ in 0..<count {
            guard let next = r.next(after: cursor, notBefore: notBefore.map(at), endingAt: endingAt.map(at)) else { break }
            out.append(iso(next)!)
            cursor = next
        }
        return out
    }

    @Test func dailyAtAnHourAndMinute() {
        #expect(Self.occurrences([["frequency": "daily", "hours": 9, "minutes": 30]], anchor: "2026-03-01T00:00:00Z", after: "2026-03-02T10:00:00Z", count: 2)
                == ["2026-03-03T09:30:00Z", "2026-03-04T09:30:00Z"].map(Self.norm))
    }

    @Test func dailyIntervalCountsFromTheAnchorDay() {
        #expect(Self.occurrences([["frequency": "daily", "interval": 2, "hours": 9]], anchor: "2026-03-01T00:00:00Z", after: "2026-03-01T12:00:00Z", count: 3)
                == ["2026-03-03T09:00:00Z", "2026-03-05T09:00:00Z", "2026-03-07T09:00:00Z"].map(Self.norm))
    }

    @Test func weekdaysSkipTheWeekend() {
        #expect(Self.occurrences([["frequency": "daily", "days": ["weekdays"], "hours": 9]], anchor: "2026-03-01T00:00:00Z", after: "2026-03-06T10:00:00Z", count: 2)
                == ["2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z"].map(Self.norm))
    }

    @Test func everyOtherWeekOnMondayAndWednesday() {
        #expect(Self.occurrences([["frequency": "weekly", "interval": 2, "days": ["mon", "wed"], "hours": 8]],
                                 anchor: "2026-03-02T07:00:00Z", after: "2026-03-02T07:00:00Z")
                == ["2026-03-02T08:00:00Z", "2026-03-04T08:00:00Z", "2026-03-16T08:00:00Z", "2026-03-18T08:00:00Z"].map(Self.norm))
    }

    @Test func weeklyWithoutDaysUsesTheAnchorWeekday() {
        #expect(Self.occurrences([["frequency": "weekly"]], anchor: "2026-03-06T12:00:00Z", after: "2026-03-06T12:00:00Z", count: 2)
                == ["2026-03-13T00:00:00Z", "2026-03-20T00:00:00Z"].map(Self.norm))
    }

    @Test func monthlyOnTheLastDayWhenTheMonthIsShort() {
        #expect(Self.occurrences([["frequency": "monthly", "day_of_month": 31, "hours": 6]], anchor: "2026-01-01T00:00:00Z", after: "2026-01-01T00:00:00Z")
                == ["2026-01-31T06:00:00Z", "2026-02-28T06:00:00Z", "2026-03-31T06:00:00Z", "2026-04-30T06:00:00Z"].map(Self.norm))
    }

    @Test func quarterlyFromTheAnchorMonth() {
        #expect(Self.occurrences([["frequency": "monthly", "interval": 3, "day_of_month": 15]], anchor: "2026-01-20T00:00:00Z", after: "2026-01-20T00:00:00Z", count: 3)
                == ["2026-04-15T00:00:00Z", "2026-07-15T00:00:00Z", "2026-10-15T00:00:00Z"].map(Self.norm))
    }

    @Test func hourlyIntervalCountsFromTheAnchorHour() {
        #expect(Self.occurrences([["frequency": "hourly", "interval": 3, "minutes": 15]], anchor: "2026-03-02T10:40:00Z", after: "2026-03-02T10:40:00Z", count: 3)
                == ["2026-03-02T13:15:00Z", "2026-03-02T16:15:00Z", "2026-03-02T19:15:00Z"].map(Self.norm))
        #expect(Self.occurrences([["frequency": "hourly", "days": ["weekends"]]], anchor: "2026-03-02T00:00:00Z", after: "2026-03-06T23:30:00Z", count: 1)
                == ["2026-03-07T00:00:00Z"].map(Self.norm))
    }

    @Test func recipientTimezoneAcrossDaylightSaving() {
        let ny = TimeZone(identifier: "America/New_York")!
        #expect(Self.occurrences([["frequency": "daily", "hours": 9]], anchor: "2026-03-01T00:00:00Z", after: "2026-03-07T00:00:00Z", count: 2, zone: ny)
                == ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"].map(Self.norm))
        #expect(ScheduleRecurrence.timeZone(of: ["timezone": "America/New_York"]) == ny)
        #expect(ScheduleRecurrence.timeZone(of: ["timezone": "Not/AZone"]) == Self.utc)
    }

    @Test func severalRulesTakeTheEarliest() {
        let rules: [JSON] = [["frequency": "daily", "hours": 18], ["frequency": "daily", "hours": 6]]
        #expect(Self.occurrences(rules, anchor: "2026-03-01T00:00:00Z", after: "2026-03-02T07:00:00Z", count: 3)
                == ["2026-03-02T18:00:00Z", "2026-03-03T06:00:00Z", "2026-03-03T18:00:00Z"].map(Self.norm))
    }

    @Test func scheduledAtStartsAndEndingAtStops() {
        let rules: [JSON] = [["frequency": "daily", "hours": 9]]
        #expect(Self.occurrences(rules, anchor: "2026-03-01T00:00:00Z", after: "2026-03-02T00:00:00Z", count: 5,
                                 notBefore: "2026-04-01T00:00:00Z", endingAt: "2026-04-02T12:00:00Z")
                == ["2026-04-01T09:00:00Z", "2026-04-02T09:00:00Z"].map(Self.norm))
    }

    @Test func oneOffFiresOnceAndNotPastEndingAt() {
        let now = Timestamp(iso8601: "2026-03-01T00:00:00Z")!
        var doc: JSONObject = ["scheduled_at": "2026-03-05T10:00:00Z", "repeats": []]
        #expect(Self.iso(ScheduleRows.nextOccurrence(doc, after: now, insertedAt: now, timeZone: Self.utc).map(ScheduleRows.date)) == Self.norm("2026-03-05T10:00:00Z"))
        doc["last_occurrence_at"] = "2026-03-05T10:00:00Z"
        #expect(ScheduleRows.nextOccurrence(doc, after: now, insertedAt: now, timeZone: Self.utc) == nil)
        doc = ["scheduled_at": "2026-03-05T10:00:00Z", "ending_at": "2026-03-04T00:00:00Z"]
        #expect(ScheduleRows.nextOccurrence(doc, after: now, insertedAt: now, timeZone: Self.utc) == nil)
    }

    /// The engine's ISO-8601 form of a literal instant.
    static func norm(_ s: String) -> String { Timestamp(iso8601: s)!.iso8601 }
}

/// Recurring schedules of recipients without a timezone run in the environment's default
/// timezone (Knock's account default, §6.2); changing it, or a recipient's own timezone, moves
/// their next occurrence.
@Suite struct ScheduleDefaultTimeZoneTests {
    /// Hour and minute of an ISO-8601 instant on the wall clock of `zone`.
    static func wallClock(_ value: JSON?, _ zone: String) -> [Int] {
        guard let s = value?.stringValue, let t = Timestamp(iso8601: s) else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let c = calendar.dateComponents([.hour, .minute], from: ScheduleRows.date(t))
        return [c.hour ?? -1, c.minute ?? -1]
    }

    @Test func theDefaultTimeZoneDrivesRecurringSchedulesOfRecipientsWithoutOne() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        var env = try engine.environments.create(name: "tz")
        env = try engine.setDefaultTimeZone(environmentID: env.id, "America/New_York")
        #expect(env.adminJSON["timezone"] == "America/New_York")
        _ = try engine.identifyUser(env, id: "plain", body: ["name": "Ada"])
        _ = try engine.identifyUser(env, id: "paris", body: ["timezone": "Europe/Paris"])
        let created = try engine.createSchedules(env, body: [
            "workflow": "digest", "recipients": ["plain", "paris"], "repeats": [["frequency": "daily", "hours": 9]],
        ])
        let ids = (created.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 2)
        #expect(Self.wallClock(created[0]?["next_occurrence_at"], "America/New_York") == [9, 0])
        #expect(Self.wallClock(created[1]?["next_occurrence_at"], "Europe/Paris") == [9, 0])

        // A new default moves the schedule without a zone; the Paris one stays where it was.
        env = try engine.setDefaultTimeZone(environmentID: env.id, "Asia/Tokyo")
        var now = try engine.getSchedules(env, ids: ids)
        #expect(Self.wallClock(now[0]["next_occurrence_at"], "Asia/Tokyo") == [9, 0])
        #expect(now[1]["next_occurrence_at"] == created[1]?["next_occurrence_at"])

        // Null clears it: UTC again.
        env = try engine.setDefaultTimeZone(environmentID: env.id, .null)
        #expect(env.settings.timezone == nil)
        #expect(env.adminJSON["timezone"] == .null)
        now = try engine.getSchedules(env, ids: ids)
        #expect(Self.wallClock(now[0]["next_occurrence_at"], "UTC") == [9, 0])
    }

    /// A recipient's own new timezone moves its recurring schedules (not others'), users and objects alike.
    @Test func aRecipientsNewTimeZoneMovesItsSchedules() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "tz")
        _ = try engine.identifyUser(env, id: "u1", body: ["timezone": "Europe/Paris"])
        _ = try engine.identifyUser(env, id: "u2", body: ["timezone": "Europe/Paris"])
        _ = try engine.setObject(env, collection: "teams", id: "t1", body: ["timezone": "Europe/Paris"])
        let created = try engine.createSchedules(env, body: [
            "workflow": "digest", "recipients": ["u1", "u2", ["collection": "teams", "id": "t1"]],
            "repeats": [["frequency": "daily", "hours": 9]],
        ])
        let ids = (created.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 3)
        #expect((created.arrayValue ?? []).map { Self.wallClock($0["next_occurrence_at"], "Europe/Paris") } == [[9, 0], [9, 0], [9, 0]])

        _ = try engine.identifyUser(env, id: "u1", body: ["timezone": "America/Chicago"])
        _ = try engine.setObject(env, collection: "teams", id: "t1", body: ["timezone": "Australia/Sydney"])
        let now = try engine.getSchedules(env, ids: ids)
        #expect(Self.wallClock(now[0]["next_occurrence_at"], "America/Chicago") == [9, 0])
        #expect(now[1]["next_occurrence_at"] == created[1]?["next_occurrence_at"])
        #expect(Self.wallClock(now[2]["next_occurrence_at"], "Australia/Sydney") == [9, 0])
    }

    @Test func anUnknownZoneIsRefusedWithKnocksBody() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "tz")
        for bad: JSON in ["Mars/Olympus", 5, ""] {
            do {
                try engine.setDefaultTimeZone(environmentID: env.id, bad)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.status == 422)
                #expect(error.json["code"] == "invalid_params")
                #expect(error.json["message"]?.stringValue?.contains("timezone") == true)
            }
        }
        #expect(engine.environments.find(id: env.id)?.settings.timezone == nil)
    }
}
