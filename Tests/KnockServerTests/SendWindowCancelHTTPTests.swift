import Foundation
import KnockCore
import Testing
import TestSupport
@testable import KnockServer

/// Over HTTP with the SQLite stores: a message held for its send window is withdrawn by a cancel
/// (`not_sent`, a `message.not_sent` event, the run's `message_withdrawn`), and nothing goes out
/// when the window opens.
@Suite struct SendWindowCancelHTTPTests {
    /// A workflow whose email step may send only on `openDay` (all day, UTC).
    static func workflows(openDay: String) throws -> String {
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let windows = days.map { #"{"day": "\#($0)", "type": "\#($0 == openDay ? "send" : "do_not_send")"}"# }.joined(separator: ", ")
        return try temporaryDirectory(["held/workflow.json": """
            {"name": "Held", "steps": [{"ref": "email_1", "type": "channel", "channel_key": "email", "channel_type": "email",
              "template": {"subject": "Hi", "html_body": "<p>Hi</p>"}, "send_windows": [\(windows)]}]}
            """])
    }

    @Test func aCancelWithdrawsTheHeldMessage() async throws {
        // Open only on the weekday three days from now, so the message waits whatever the wall clock says.
        let today = Date()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let openDate = utc.startOfDay(for: utc.date(byAdding: .day, value: 3, to: today)!)
        let openDay = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][utc.component(.weekday, from: openDate) - 1]
        let dir = try Self.workflows(openDay: openDay)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        try await withServer(.init(port: 0, workflowsDirectory: dir)) { _, client in
            // Even past a midnight since `today`, `openDate` is the next day the window opens.
            var r = try await client.request("POST", "/_admin/clock/freeze")
            #expect(r.status == 200)
            _ = try await client.request("PUT", "/v1/users/u1", ["email": "u1@example.com"])
            r = try await client.request("POST", "/v1/workflows/held/trigger", ["recipients": ["u1"], "cancellation_key": "order-1"])
            #expect(r.status == 200, "\(r.text)")
            r = try await client.request("GET", "/v1/messages")
            let held = try #require(r.json["items"]?[0])
            let id = try #require(held["id"]?.stringValue)
            #expect(held["status"] == "queued")
            #expect(held["scheduled_at"]?.stringValue.flatMap { Timestamp(iso8601: $0) }?.microseconds == Int64(openDate.timeIntervalSince1970) * 1_000_000)

            r = try await client.request("POST", "/v1/workflows/held/cancel", ["cancellation_key": "order-1"])
            #expect(r.status == 204)
            r = try await client.request("GET", "/v1/messages/\(id)")
            #expect(r.json["status"] == "not_sent")
            #expect(r.json["scheduled_at"] == held["scheduled_at"])
            r = try await client.request("GET", "/v1/messages/\(id)/events")
            #expect(r.json.at("items.0.type") == "message.not_sent")
            #expect(r.json.at("items.0.data") == ["reason": "workflow_cancelled"])
            let runID = try #require(held["source"]?["workflow_recipient_run_id"]?.stringValue)
            r = try await client.request("GET", "/v1/workflow_recipient_runs/\(runID)")
            #expect(r.json["status"] == "completed")
            let events = r.json["events"]?.arrayValue ?? []
            #expect(events.contains { $0["event"] == "message_withdrawn" && $0["data"]?["message_id"] == .string(id) }, "\(r.text)")

            // The window opens: nothing is sent.
            r = try await client.request("POST", "/_admin/clock/advance", ["duration": "4d"])
            #expect(r.status == 200)
            #expect(try await client.request("GET", "/v1/messages/\(id)").json["status"] == "not_sent")
            #expect(try await client.request("GET", "/v1/messages/\(id)/delivery_logs").json["items"] == [])
            #expect(try await client.request("GET", "/_admin/outbox?channel_type=email").json["items"] == [])
        }
    }
}
