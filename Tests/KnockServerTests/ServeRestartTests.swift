import Foundation
import KnockCore
import Testing

/// The real `knocksh serve --db` stopped with SIGTERM in the middle of a workflow and started
/// again on the same file: the run paused on its delay resumes when the clock is advanced
/// through the admin API, and the email it sends carries the trigger's data.
extension ServeProcessTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func aPausedRunResumesAfterTheServerRestarts() async throws {
        let (dir, db) = try Self.freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["--db", db, "--secret-key", "sk_test_runstate", "--workflows", Self.cookbookWorkflows]

        var served = try serve(args)
        var client = TestClient(port: served.port, key: "sk_test_runstate")
        // Frozen, so the resumed message's time is exactly the delay's end (a running clock ticks on).
        let frozen = try await client.request("POST", "/_admin/clock/freeze")
        _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com"])
        let trigger = try await client.request("POST", "/v1/workflows/reminder/trigger", [
            "recipients": ["u1"], "data": ["task_name": "Pay the invoice"], "cancellation_key": "task-1",
        ])
        #expect(trigger.status == 200)
        // Reads run behind the trigger on the engine's executor: the run has reached its delay.
        var runs = try await client.request("GET", "/v1/workflow_recipient_runs?workflow=reminder")
        #expect(runs.json.at("items.0.status") == "paused")
        let runID = try #require(runs.json.at("items.0.id")?.stringValue)
        let paused = try await client.request("GET", "/v1/workflow_recipient_runs/\(runID)")
        let until = try #require(paused.json["events"]?.arrayValue?.first { $0["event"] == "delay_started" }?["data"]?["until"])
        #expect(stop(served) == 0, "SIGTERM exits cleanly")

        served = try serve(args)
        client = TestClient(port: served.port, key: "sk_test_runstate")
        var clock = try await client.request("GET", "/_admin/clock")
        #expect(clock.json["pending_timers"] == 1)
        #expect(clock.json["frozen"] == true)
        #expect(clock.json["now"] == frozen.json["now"])
        #expect(try await client.request("GET", "/v1/users/u1/messages").json["items"]?.arrayValue?.isEmpty == true)
        clock = try await client.request("POST", "/_admin/clock/advance", ["duration": "1h"])
        #expect(clock.status == 200)
        #expect(clock.json["pending_timers"] == 0)

        let messages = try await client.request("GET", "/v1/users/u1/messages")
        let items = try #require(messages.json["items"]?.arrayValue)
        #expect(items.count == 1)
        let email = try #require(items.first)
        #expect(email.at("channel.type") == "email")
        #expect(email["status"] == "delivered")
        #expect(email.at("source.key") == "reminder")
        #expect(email["inserted_at"] == until)
        let emailID = try #require(email["id"]?.stringValue)
        let content = try await client.request("GET", "/v1/messages/\(emailID)/content")
        #expect(content.json.at("data.subject_line") == "Reminder: Pay the invoice")
        #expect(content.json.at("data.html_body")?.stringValue?.contains("Hi Ada, don't forget: <strong>Pay the invoice</strong>") == true)
        runs = try await client.request("GET", "/v1/workflow_recipient_runs/\(runID)")
        #expect(runs.json["status"] == "completed")
        #expect(runs.json["events"]?.arrayValue?.compactMap { $0["event"]?.stringValue }.suffix(3) == ["step_resumed", "message_enqueued", "workflow_run_completed"])
        #expect(stop(served) == 0)
    }

    /// `serve --help` explains the missed-schedules choice.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func serveHelpDocumentsMissedSchedules() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("--missed-schedules <fire|skip>"))
        #expect(text.contains("skip (default)"))
    }
}
