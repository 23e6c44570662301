import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// The batch dedupe limit with `--rate-limits`: an entity updated under a second ago is left
/// unchanged (the request still succeeds) and named in `x-ratelimited-<param>`.
@Suite struct DedupeLimitTests {
    /// A rate-limit clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var t = 1_700_000_000.0
        var now: Double { lock.withLock { t } }
        func advance(_ s: Double) { lock.withLock { t += s } }
    }

    @Test func schedulesUpdatedTwiceInASecondComeBackUnchanged() async throws {
        let clock = ManualClock()
        var config = LocalEngineServer.Configuration(enforceRateLimits: true)
        config.rateLimitClock = { clock.now }
        try await withServer(config) { _, client in
            var r = try await client.request("POST", "/v1/schedules", ["workflow": "digest", "recipients": ["u1", "u2"],
                                                                       "repeats": [["frequency": "daily", "hours": 9]], "data": ["v": 0]])
            let ids = (r.json.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(ids.count == 2)
            r = try await client.request("PUT", "/v1/schedules", ["schedule_ids": [.string(ids[0])], "data": ["v": 1]])
            #expect(r.status == 200)
            #expect(r.headers["x-ratelimited-schedule_ids"] == nil)
            r = try await client.request("PUT", "/v1/schedules", ["schedule_ids": .array(ids.map(JSON.string)), "data": ["v": 2]])
            #expect(r.status == 200)
            #expect(r.headers["x-ratelimited-schedule_ids"] == ids[0])
            #expect(r.json[0]?["id"] == .string(ids[0]))
            #expect(r.json[0]?["data"] == ["v": 1], "limited: returned unchanged")
            #expect(r.json[1]?["data"] == ["v": 2])
            clock.advance(1)
            r = try await client.request("PUT", "/v1/schedules", ["schedule_ids": .array(ids.map(JSON.string)), "data": ["v": 3]])
            #expect(r.headers["x-ratelimited-schedule_ids"] == nil)
            #expect(r.json.arrayValue?.allSatisfy { $0["data"] == ["v": 3] } == true)
        }
    }

    @Test func messagesMarkedTwiceInASecondAreListedInTheHeader() async throws {
        let clock = ManualClock()
        var config = LocalEngineServer.Configuration(enforceRateLimits: true)
        config.workflowsDirectory = packageRootForDedupe + "/recipes/workflows"
        config.rateLimitClock = { clock.now }
        try await withServer(config) { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada"])
            _ = try await client.request("POST", "/v1/workflows/throttled/trigger", ["recipients": ["u1"], "data": ["message": "hi"]])
            let list = try await client.request("GET", "/v1/users/u1/messages")
            let id = try #require(list.json["items"]?[0]?["id"]?.stringValue)
            var r = try await client.request("POST", "/v1/messages/batch/seen", ["message_ids": [.string(id)]])
            #expect(r.status == 200)
            #expect(r.headers["x-ratelimited-message_ids"] == nil)
            #expect(r.json[0]?["seen_at"] != .null)
            r = try await client.request("POST", "/v1/messages/batch/read", ["message_ids": [.string(id)]])
            #expect(r.status == 200)
            #expect(r.headers["x-ratelimited-message_ids"] == id)
            #expect(r.json[0]?["id"] == .string(id))
            #expect(r.json[0]?["read_at"] == .null, "limited: returned unchanged")
            clock.advance(1)
            r = try await client.request("POST", "/v1/messages/batch/read", ["message_ids": [.string(id)]])
            #expect(r.headers["x-ratelimited-message_ids"] == nil)
            #expect(r.json[0]?["read_at"] != .null)
        }
    }

    @Test func limiterCountsPerEntityAndWindow() {
        let l = DedupeLimiter()
        #expect(l.split(env: 1, param: "message_ids", ids: ["m1", "m2"], now: 0) == (["m1", "m2"], []))
        #expect(l.split(env: 1, param: "message_ids", ids: ["m1", "m3", "m3"], now: 0.5) == (["m3", "m3"], ["m1"]))
        #expect(l.split(env: 2, param: "message_ids", ids: ["m1"], now: 0.5) == (["m1"], []))
        #expect(l.split(env: 1, param: "message_ids", ids: ["m1"], now: 1.0) == (["m1"], []))
    }
}

/// The package root (three levels above this file), for the sample workflows.
private let packageRootForDedupe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
