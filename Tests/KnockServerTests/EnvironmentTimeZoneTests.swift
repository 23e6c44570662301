import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// The environment's default timezone through the admin API: set on create or through
/// settings, shown on the environment, refused with Knock's 422 body when it names no zone, and
/// used for a recurring schedule whose recipient has no timezone.
@Suite struct EnvironmentTimeZoneTests {
    @Test func theSettingIsShownValidatedAndUsedBySchedules() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { server, client in
            let admin = TestClient(port: server.port, key: nil)
            let envID = server.defaultEnvironment.id
            var r = try await admin.request("GET", "/_admin/environments/\(envID)")
            #expect(r.json["timezone"] == .null)
            r = try await admin.request("PUT", "/_admin/environments/\(envID)/settings", ["timezone": "Asia/Tokyo"])
            #expect(r.status == 200)
            #expect(r.json["timezone"] == "Asia/Tokyo")
            r = try await admin.request("PUT", "/_admin/environments/\(envID)/settings", ["timezone": "Mars/Olympus"])
            #expect(r.status == 422)
            #expect(r.json["code"] == "invalid_params")
            #expect(r.json["type"] == "invalid_params_error")
            #expect(r.json["status"] == 422)
            #expect(r.json["errors"]?[0]?["field"] == "timezone")
            #expect(try await admin.request("GET", "/_admin/environments/\(envID)").json["timezone"] == "Asia/Tokyo")

            r = try await client.request("POST", "/v1/schedules", [
                "workflow": "welcome", "recipients": [["id": "u1", "name": "Ada", "email": "ada@example.com"]],
                "repeats": [["frequency": "daily", "hours": 9]],
            ])
            #expect(r.status == 200)
            let next = try #require(r.json[0]?["next_occurrence_at"]?.stringValue.flatMap { Timestamp(iso8601: $0) })
            var tokyo = Calendar(identifier: .gregorian)
            tokyo.timeZone = TimeZone(identifier: "Asia/Tokyo")!
            let wall = tokyo.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: Double(next.microseconds) / 1_000_000))
            #expect([wall.hour, wall.minute] == [9, 0])

            r = try await admin.request("POST", "/_admin/environments", ["name": "berlin", "timezone": "Europe/Berlin"])
            #expect(r.status == 201)
            #expect(r.json["timezone"] == "Europe/Berlin")
        }
    }
}
