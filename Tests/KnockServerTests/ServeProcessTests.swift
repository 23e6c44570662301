import Foundation
import KnockCore
import Testing
import TestSupport

/// Runs the real `knocksh serve` binary: restart persistence with `--db`, clean exit on SIGTERM.
@Suite(.serialized) struct ServeProcessTests {
    static let binary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/knocksh")
    /// The cookbook's workflows, for `--workflows`.
    static let cookbookWorkflows = binary.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recipes/workflows").path

    /// A `--db` file in a fresh directory; the caller removes `dir`.
    static func freshDatabase() throws -> (dir: String, db: String) {
        let dir = try temporaryDirectory([:])
        return (dir, dir + "/engine.db")
    }

    struct Served {
        let process: Process
        let port: Int
        let output: Pipe
        /// What the server printed up to its "publishable key" line.
        let banner: String
    }

    func serve(_ arguments: [String]) throws -> Served {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !text.contains("publishable key") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":")[1]) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        return Served(process: process, port: port, output: pipe, banner: text)
    }

    func stop(_ served: Served) -> Int32 {
        served.process.terminate()  // SIGTERM
        served.process.waitUntilExit()
        return served.process.terminationStatus
    }

    /// Keys given on the command line are not echoed; generated ones are shown once (the only way
    /// to learn them) and then work.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func theBannerEchoesOnlyGeneratedKeys() async throws {
        let given = try serve(["--secret-key", "sk_test_given0123456789", "--publishable-key", "pk_test_given0123456789"])
        #expect(!given.banner.contains("sk_test_given") && !given.banner.contains("pk_test_given"))
        #expect(given.banner.contains("secret key:      (from --secret-key)"))
        #expect(stop(given) == 0)

        let generated = try serve([])
        let key = try #require(generated.banner.firstMatch(of: /secret key: +(sk_test_\w+)/)).1
        #expect(try await TestClient(port: generated.port, key: String(key)).request("GET", "/v1/users").status == 200)
        #expect(stop(generated) == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func dataSurvivesARestartWithDB() async throws {
        let (dir, db) = try Self.freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keys = ["--db", db, "--secret-key", "sk_test_restart", "--publishable-key", "pk_test_restart"]

        var served = try serve(keys)
        var client = TestClient(port: served.port, key: "sk_test_restart")
        #expect(try await client.request("PUT", "/v1/users/u1", ["name": "Persisted", "n": ["x": 1]]).status == 200)
        #expect(try await client.request("PUT", "/v1/objects/projects/p1", ["name": "P"]).status == 200)
        #expect(try await client.request("PUT", "/v1/users/u1/preferences/default", ["channel_types": ["email": false]]).status == 200)
        #expect(stop(served) == 0, "SIGTERM exits cleanly")

        served = try serve(keys)
        client = TestClient(port: served.port, key: "sk_test_restart")
        let user = try await client.request("GET", "/v1/users/u1")
        #expect(user.status == 200)
        #expect(user.json["name"] == "Persisted")
        #expect(user.json["n"] == ["x": 1])
        #expect(try await client.request("GET", "/v1/objects/projects/p1").json.at("properties.name") == "P")
        #expect(try await client.request("GET", "/v1/users/u1/preferences/default").json.at("channel_types.email") == false)
        #expect(stop(served) == 0)
    }

    /// Messages and what hangs off them (contents, events, delivery logs, activities, outbox,
    /// engagement) are SQLite rows too: a restart with the same `--db` keeps them.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func messagesSurviveARestartWithTheSameDatabase() async throws {
        let (dir, db) = try Self.freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["--db", db, "--secret-key", "sk_test_msgs", "--workflows", Self.cookbookWorkflows]

        var served = try serve(args)
        var client = TestClient(port: served.port, key: "sk_test_msgs")
        _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com"])
        #expect(try await client.request("POST", "/v1/workflows/welcome/trigger", ["recipients": ["u1"], "data": ["workspace_name": "Acme"]]).status == 200)
        let before = try await client.request("GET", "/v1/users/u1/messages")
        let items = try #require(before.json["items"]?.arrayValue)
        #expect(items.count == 2)
        let feedMessage = try #require(items.first { $0.at("channel.type") == "in_app_feed" })
        let email = try #require(items.first { $0.at("channel.type") == "email" })
        let feedID = try #require(feedMessage["id"]?.stringValue), emailID = try #require(email["id"]?.stringValue)
        let channel = try #require(feedMessage["channel_id"]?.stringValue)
        #expect(try await client.request("PUT", "/v1/messages/\(feedID)/read").status == 200)
        #expect(stop(served) == 0)

        served = try serve(args)
        client = TestClient(port: served.port, key: "sk_test_msgs")
        let after = try await client.request("GET", "/v1/users/u1/messages")
        #expect(after.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == items.compactMap { $0["id"]?.stringValue })
        let message = try await client.request("GET", "/v1/messages/\(feedID)")
        #expect(message.json["engagement_statuses"] == ["read"])
        #expect(message.json["inserted_at"] == feedMessage["inserted_at"])
        #expect(try await client.request("GET", "/v1/messages/\(emailID)/content").json.at("data.subject_line") == "Welcome to Acme, Ada")
        let events = try await client.request("GET", "/v1/messages/\(emailID)/events").json["items"]?.arrayValue ?? []
        #expect(events.compactMap { $0["type"]?.stringValue } == ["message.delivered", "message.sent", "message.queued", "message.created"])
        #expect(try await client.request("GET", "/v1/messages/\(emailID)/delivery_logs").json["items"]?.arrayValue?.count == 1)
        #expect(try await client.request("GET", "/v1/messages/\(emailID)/activities").json.at("items.0.recipient.id") == "u1")
        #expect(try await client.request("GET", "/_admin/outbox?channel_type=email").json.at("items.0.message_id") == .string(emailID))
        let runs = try await client.request("GET", "/v1/workflow_recipient_runs?workflow=welcome")
        #expect(runs.json.at("items.0.status") == "completed")
        let runID = try #require(runs.json.at("items.0.id")?.stringValue)
        let run = try await client.request("GET", "/v1/workflow_recipient_runs/\(runID)")
        #expect(run.json["events"]?.arrayValue?.last?["event"] == "workflow_run_completed")
        let feed = try await client.request("GET", "/v1/users/u1/feeds/\(channel)")
        #expect(feed.json.at("meta.unread_count") == 0)
        #expect(feed.json.at("meta.unseen_count") == 1)
        #expect(feed.json.at("entries.0.id") == .string(feedID))
        #expect(stop(served) == 0)
    }

    /// `--workflows` reaches serve (the root command declares the same option for `-c`/`run`).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func workflowsFlagLoadsTheCLILayout() async throws {
        let served = try serve(["--workflows", Self.cookbookWorkflows,
                                "--secret-key", "sk_test_flows"])
        defer { _ = stop(served) }
        let client = TestClient(port: served.port, key: "sk_test_flows")
        let run = try await client.request("POST", "/v1/workflows/welcome/trigger", [
            "recipients": [["id": "u1", "name": "Ada", "email": "ada@example.com"]],
            "data": ["workspace_name": "Acme"],
        ])
        #expect(run.status == 200)
        #expect(run.json["workflow_run_id"]?.stringValue?.count == 36)
        let missing = try await client.request("POST", "/v1/workflows/nope/trigger", ["recipients": ["u1"]])
        #expect(missing.json["code"] == "workflow_missing")
    }

    /// Read your writes on the real binary: the first message read after each trigger answers
    /// already lists that trigger's messages, 25 times in a row, with no retry: counted, not timed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func aReadAfterATriggerSeesItsMessage() async throws {
        let served = try serve(["--workflows", Self.cookbookWorkflows,
                                "--secret-key", "sk_test_ryw"])
        defer { _ = stop(served) }
        let client = TestClient(port: served.port, key: "sk_test_ryw")
        var seenOnFirstRead = 0
        for n in 0..<25 {
            let run = try await client.request("POST", "/v1/workflows/welcome/trigger", [
                "recipients": [["id": .string("ryw-\(n)"), "name": "Ada", "email": .string("ada\(n)@example.com")]],
                "data": ["workspace_name": "Acme"],
            ])
            let runID = try #require(run.json["workflow_run_id"]?.stringValue)
            let page = try await client.request("GET", "/v1/messages?workflow_run_id=\(runID)")
            // `recipient` is the id, or the recipient object; welcome sends an in-app and an email message.
            let items: [JSON] = page.json["items"]?.arrayValue ?? []
            let recipients: [String] = items.compactMap { (item: JSON) -> String? in
                let recipient: JSON? = item["recipient"]
                return recipient?.stringValue ?? recipient?["id"]?.stringValue
            }
            if recipients == ["ryw-\(n)", "ryw-\(n)"] { seenOnFirstRead += 1 }
        }
        #expect(seenOnFirstRead == 25)
    }
}
