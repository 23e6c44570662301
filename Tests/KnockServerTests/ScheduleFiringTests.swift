import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// Schedules fire on the environment clock over HTTP: a recurring schedule fires once per
/// occurrence with its recipient and data, `next_occurrence_at`/`last_occurrence_at` move on,
/// a one-off fires once, and a deleted schedule never fires.
@Suite struct ScheduleFiringTests {
    static func instant(_ s: String?) -> Timestamp? { s.flatMap { Timestamp(iso8601: $0) } }

    /// The first hh:30:00 strictly after `t` (UTC; hourly rules of users without a timezone).
    static func nextHalfHour(after t: Timestamp) -> Timestamp {
        let hour: Int64 = 3_600_000_000
        let base = t.microseconds - t.microseconds % hour + hour / 2
        return Timestamp(microseconds: base > t.microseconds ? base : base + hour)
    }

    @Test func recurringScheduleFiresEachOccurrence() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            var r = try await client.request("POST", "/_admin/clock/freeze")
            let now = try #require(Self.instant(r.json["now"]?.stringValue))
            let first = Self.nextHalfHour(after: now)
            let hour: Int64 = 3_600_000_000

            r = try await client.request("POST", "/v1/schedules", [
                "workflow": "welcome", "recipients": [["id": "u1", "name": "Ada", "email": "ada@example.com"]],
                "repeats": [["frequency": "hourly", "minutes": 30]], "data": ["workspace_name": "Acme"],
            ])
            #expect(r.status == 200)
            let id = try #require(r.json[0]?["id"]?.stringValue)
            #expect(Self.instant(r.json[0]?["next_occurrence_at"]?.stringValue) == first)
            #expect(r.json[0]?["last_occurrence_at"] == .null)
            // A one-off between the first and second occurrence, and one deleted before it is due.
            let oneOffAt = Timestamp(microseconds: first.microseconds + hour / 2)
            r = try await client.request("POST", "/v1/schedules", [
                "workflow": "welcome", "recipients": [["id": "u2", "name": "Bo", "email": "bo@example.com"]],
                "scheduled_at": .string(oneOffAt.iso8601), "data": ["workspace_name": "Once"],
            ])
            #expect(Self.instant(r.json[0]?["next_occurrence_at"]?.stringValue) == oneOffAt)
            r = try await client.request("POST", "/v1/schedules", ["workflow": "welcome", "recipients": ["u2"],
                                                                   "scheduled_at": .string(oneOffAt.iso8601), "data": ["workspace_name": "Gone"]])
            let deleted = try #require(r.json[0]?["id"]?.stringValue)
            _ = try await client.request("DELETE", "/v1/schedules", ["schedule_ids": [.string(deleted)]])

            #expect(try await client.request("GET", "/v1/messages").json["items"]?.arrayValue?.isEmpty == true)
            r = try await client.request("POST", "/_admin/clock/advance", ["duration": "3h"])
            #expect(r.status == 200)

            r = try await client.request("GET", "/v1/messages?page_size=50")
            let emails = (r.json["items"]?.arrayValue ?? []).filter { $0["channel"]?["type"] == "email" }
            let u1 = emails.filter { $0["recipient"] == "u1" }
            let u2 = emails.filter { $0["recipient"] == "u2" }
            #expect(u1.count == 3)
            #expect(u1.allSatisfy { $0["data"]?["workspace_name"] == "Acme" })
            #expect(u2.count == 1)
            #expect(u2.first?["data"]?["workspace_name"] == "Once")
            // Each occurrence ran at its due time.
            let times = u1.compactMap { Self.instant($0["inserted_at"]?.stringValue)?.microseconds }.sorted()
            #expect(times == [0, 1, 2].map { first.microseconds + $0 * hour })
            if let messageID = u1.first?["id"]?.stringValue {
                r = try await client.request("GET", "/v1/messages/\(messageID)/content")
                #expect(r.json["data"]?["subject_line"] == "Welcome to Acme, Ada")
            }

            r = try await client.request("GET", "/v1/users/u1/schedules")
            let stored = try #require(r.json["entries"]?[0])
            #expect(stored["id"] == .string(id))
            #expect(Self.instant(stored["last_occurrence_at"]?.stringValue)?.microseconds == first.microseconds + 2 * hour)
            #expect(Self.instant(stored["next_occurrence_at"]?.stringValue)?.microseconds == first.microseconds + 3 * hour)
            r = try await client.request("GET", "/v1/users/u2/schedules")
            let once = try #require(r.json["entries"]?[0])
            #expect(once["next_occurrence_at"] == .null)
            #expect(Self.instant(once["last_occurrence_at"]?.stringValue) == oneOffAt)

            r = try await client.request("GET", "/v1/workflow_recipient_runs?workflow=welcome")
            let runs = r.json["items"]?.arrayValue ?? []
            #expect(runs.count == 4)
            #expect(runs.allSatisfy { $0["trigger_source"]?["type"] == "schedule" })
            #expect(runs.filter { $0["trigger_source"]?["schedule_id"] == .string(id) }.count == 3)
        }
    }

    @Test func updatingTheRuleMovesTheNextOccurrence() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "timezone": "America/New_York"])
            var r = try await client.request("POST", "/v1/schedules", ["workflow": "welcome", "recipients": ["u1"],
                                                                       "scheduled_at": "2030-01-01T00:00:00Z",
                                                                       "repeats": [["frequency": "daily", "hours": 9]]])
            // 09:00 in New York on the first day the schedule may start.
            #expect(Self.instant(r.json[0]?["next_occurrence_at"]?.stringValue) == Timestamp(iso8601: "2030-01-01T14:00:00Z"))
            let id = try #require(r.json[0]?["id"]?.stringValue)
            r = try await client.request("PUT", "/v1/schedules", ["schedule_ids": [.string(id)],
                                                                  "repeats": [["frequency": "monthly", "day_of_month": 15, "hours": 8]]])
            #expect(Self.instant(r.json[0]?["next_occurrence_at"]?.stringValue) == Timestamp(iso8601: "2030-01-15T13:00:00Z"))
            r = try await client.request("PUT", "/v1/schedules", ["schedule_ids": [.string(id)], "repeats": [], "ending_at": "2029-12-31T00:00:00Z"])
            #expect(r.json[0]?["next_occurrence_at"] == .null)
        }
    }
}
