import Foundation
import KnockCore
import TestSupport
import Testing
@testable import KnockServer

/// The server's `http_fetch` fetcher (AsyncHTTPClient) against a real loopback server: the
/// request the step sends and the merged response reaching the template.
@Suite struct HTTPFetchTests {
    @Test func fetchStepCallsTheURLAndMergesTheAnswer() async throws {
        let remote = try LoopbackHTTPServer { _, _ in
            .init(status: 200, headers: [("Content-Type", "application/json")], body: #"{"status": "shipped", "items": [1, 2, 3]}"#)
        }
        defer { remote.stop() }
        var config = LocalEngineServer.Configuration()
        config.workflowsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/recipes/workflows"
        try await withServer(config) { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada"])
            let trigger = try await client.request("POST", "/v1/workflows/fetch-enrich/trigger",
                                                   ["recipients": ["u1"], "data": ["order_api_url": .string(remote.baseURL), "order_id": "o7"]])
            #expect(trigger.status == 200)
            var body: String?
            for _ in 0..<200 where body == nil {
                let list = try await client.request("GET", "/v1/users/u1/messages")
                if let id = list.json["items"]?[0]?["id"]?.stringValue {
                    let content = try await client.request("GET", "/v1/messages/\(id)/content")
                    body = content.json.at("data.blocks.0.rendered")?.stringValue
                } else {
                    try await Task.sleep(nanoseconds: 10_000_000)
                }
            }
            let request = try #require(remote.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/orders/o7")
            #expect(request.query.contains { $0 == ("expand", "items") })
            #expect(request.header("Accept") == "application/json")
            #expect(body?.contains("is shipped (3 items)") == true, "\(body ?? "no message")")
        }
    }

    /// A fetch step may call this very server. Its request must find an event loop free: with a
    /// fetching workflow loaded (recipes/workflows has one) the server answers off its event
    /// loops, so each step gets the engine's answer (404, no such route) at once. Answered on an
    /// event loop busy with the run, half of them would wait out the 15 s fetch timeout instead.
    @Test func aFetchStepMayCallThisSameServer() async throws {
        try await withServer(.init(port: 0, workflowsDirectory: WorkflowRuntimeHTTPTests.recipes)) { server, client in
            #expect(server.engine.networkWaits.allowsNetworkWaits)
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada"])
            for i in 0..<6 {
                let trigger = try await client.request("POST", "/v1/workflows/fetch-enrich/trigger", [
                    "recipients": ["u1"], "data": ["order_api_url": .string("http://127.0.0.1:\(server.port)"), "order_id": .string("o\(i)")]])
                #expect(trigger.status == 200)
            }
            // A read waits for the runs accepted before it.
            let list = try await client.request("GET", "/v1/workflow_recipient_runs?workflow=fetch-enrich")
            let runs = list.json["items"]?.arrayValue ?? []
            #expect(runs.count == 6)
            for run in runs {
                let id = try #require(run["id"]?.stringValue)
                let detail = try await client.request("GET", "/v1/workflow_recipient_runs/\(id)")
                let text = detail.json.serialized()
                #expect(text.contains("answered 404"), "\(text)")
                #expect(!text.contains("timed out"))
            }
        }
    }
}
