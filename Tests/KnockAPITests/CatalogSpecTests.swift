import Foundation
import KnockCore
import Testing
@testable import KnockAPI

/// The catalog against Knock's OpenAPI spec, through `scripts/catalog-vs-spec.py` (PyYAML).
@Suite struct CatalogSpecTests {
    @Test func everyParameterMatchesTheSpec() throws {
        let result = try runCheck(Catalog.json())
        #expect(result.status == 0, "catalog and spec disagree:\n\(result.output)")
        #expect(result.output.contains("0 difference(s)"))
    }

    /// The check is real: a renamed parameter, a flipped required flag, a wrong tier and a
    /// missing parameter are each reported.
    @Test func theCheckFailsWhenTheCatalogDrifts() throws {
        guard case .array(var entries) = Catalog.json() else { Issue.record("not an array"); return }
        let list = entries.firstIndex { $0["id"] == "users list" }!
        var params = entries[list]["parameters"]!.arrayValue!
        let pageSize = params.firstIndex { $0["name"] == "page_size" }!
        params[pageSize]["name"] = "pagesize"
        entries[list]["parameters"] = .array(params)

        let trigger = entries.firstIndex { $0["id"] == "workflows trigger" }!
        var triggerParams = entries[trigger]["parameters"]!.arrayValue!
        let recipients = triggerParams.firstIndex { $0["name"] == "recipients" }!
        triggerParams[recipients]["required"] = false
        triggerParams.removeAll { $0["name"] == "cancellation_key" }
        entries[trigger]["parameters"] = .array(triggerParams)
        entries[trigger]["tier"] = 4

        let result = try runCheck(.array(entries))
        #expect(result.status == 1)
        #expect(result.output.contains("users list (GET /v1/users): query parameter pagesize is not in the spec"))
        #expect(result.output.contains("users list (GET /v1/users): missing query parameter page_size"))
        #expect(result.output.contains("body parameter recipients: required False, spec says True"))
        #expect(result.output.contains("missing body parameter cancellation_key"))
        #expect(result.output.contains("tier 4, spec says 5"))
    }

    func runCheck(_ catalog: JSON) throws -> (status: Int32, output: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        try catalog.serialized().write(to: dump, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dump) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("scripts/catalog-vs-spec.py").path,
            root.appendingPathComponent("spec/knock-openapi.yml").path, dump.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
