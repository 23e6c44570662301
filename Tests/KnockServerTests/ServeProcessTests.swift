import Foundation
import KnockCore
import Testing

/// Runs the real `knocksh serve` binary: restart persistence with `--db`, clean exit on SIGTERM.
@Suite(.serialized) struct ServeProcessTests {
    static let binary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/knocksh")

    struct Served {
        let process: Process
        let port: Int
        let output: Pipe
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
        return Served(process: process, port: port, output: pipe)
    }

    func stop(_ served: Served) -> Int32 {
        served.process.terminate()  // SIGTERM
        served.process.waitUntilExit()
        return served.process.terminationStatus
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func dataSurvivesARestartWithDB() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("knocksh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("engine.db").path
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
}
