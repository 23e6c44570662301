import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite(.serialized) struct FetchStepTests {
    @Test func fetchMergesTheResponseIntoData() throws {
        let server = LoopbackHTTPServer { _, path in
            path.hasPrefix("/users/u1") ? (200, #"{"plan": "gold", "nested": {"a": 1}}"#) : (404, "{}")
        }
        defer { server.stop() }
        let h = RuntimeHarness()
        h.user("u1", ["name": "Ada"])
        h.workflow("fetch-enrich", ["name": "x", "steps": [
            ["type": "http_fetch", "ref": "fetch_1", "settings": [
                "method": "get", "url": .string("http://127.0.0.1:\(server.port)/users/{{ recipient.id }}"),
                "query_params": [["key": "v", "value": "{{ data.v }}"]],
                "headers": [["key": "X-Test", "value": "yes"]]]],
            Steps.inApp(body: "{{ data.plan }} {{ data.nested.a }}"),
        ]])
        try h.trigger("fetch-enrich", ["recipients": ["u1"], "data": ["v": 3]])
        let m = try #require(h.messages().first)
        #expect(h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["blocks"]?[0]?["rendered"] == "<p>gold 1</p>")
        #expect(server.requests.first?.hasPrefix("GET /users/u1?v=3 ") == true)
        #expect(server.requests.first?.lowercased().contains("x-test: yes") == true)
    }

    @Test func serverErrorsAreRetriedOnTheClockThenFailTheRun() throws {
        let server = LoopbackHTTPServer { _, _ in (503, "{}") }
        defer { server.stop() }
        let h = RuntimeHarness()
        h.user("u1")
        h.workflow("fff", ["name": "x", "steps": [
            ["type": "http_fetch", "ref": "fetch_1", "settings": ["method": "post", "url": .string("http://127.0.0.1:\(server.port)/x"), "body": "{}"]],
            Steps.inApp(),
        ]])
        try h.trigger("fff", ["recipients": ["u1"]])
        #expect(h.runs().first?["status"] == "paused")
        h.runtime.advance(by: 30)
        #expect(h.runs().first?["status"] == "paused")
        h.runtime.advance(by: 60)
        #expect(h.runs().first?["status"] == "completed")
        #expect(h.runs().first?["error_count"] == 1)
        #expect(server.requests.count == 3)
        #expect(h.messages().isEmpty)
    }

    @Test func clientErrorsFailAtOnce() throws {
        let server = LoopbackHTTPServer { _, _ in (404, "{}") }
        defer { server.stop() }
        let h = RuntimeHarness()
        h.user("u1")
        h.workflow("fff", ["name": "x", "steps": [
            ["type": "http_fetch", "ref": "fetch_1", "settings": ["method": "get", "url": .string("http://127.0.0.1:\(server.port)/x")]],
            Steps.inApp(),
        ]])
        try h.trigger("fff", ["recipients": ["u1"]])
        #expect(h.runs().first?["error_count"] == 1)
        #expect(h.messages().isEmpty)
    }
}
