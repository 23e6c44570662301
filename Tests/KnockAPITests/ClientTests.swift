import Foundation
import KnockCore
import TestSupport
import NIOCore
import Testing
@testable import KnockAPI

/// The client against a real loopback server: retries, backoff, idempotency, error mapping,
/// pagination, cancellation.
@Suite(.serialized) struct ClientTests {
    let key = "sk_test_client_tests_0001"

    func client(_ server: LoopbackHTTPServer, maxAttempts: Int = 3, local: Bool = true) -> KnockClient {
        var config = KnockClientConfiguration(baseURL: server.baseURL + "/", apiKey: key, userToken: "eyJ.t.k", isLocalEngine: local)
        config.retry = RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100))
        config.requestTimeout = .seconds(10)
        return KnockClient(configuration: config)
    }

    @Test func aTriggerSurvives429Then503WithOneIdempotencyKeyAndHonoursRetryAfter() async throws {
        let server = try LoopbackHTTPServer { _, index in
            switch index {
            case 0: return .init(status: 429, headers: [("retry-after", "1")],
                                 body: #"{"code":"rate_limit_exceeded","message":"slow down","status":429,"type":"rate_limit_error"}"#)
            case 1: return .init(status: 503, body: "upstream down")
            default: return .init(status: 200, headers: [("x-request-id", "req-3")], body: #"{"workflow_run_id":"run-1"}"#)
            }
        }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }

        let result = try await client.call(Catalog.endpoint("workflows", "trigger")!, arguments: ["new-comment"],
                                           body: ["recipients": ["u1"]])
        #expect(result == ["workflow_run_id": "run-1"])

        let seen = server.requests
        #expect(seen.count == 3)
        #expect(seen.allSatisfy { $0.method == "POST" && $0.uri == "/v1/workflows/new-comment/trigger" })
        let keys = seen.map { $0.header("Idempotency-Key") }
        #expect(keys[0] != nil && !keys[0]!.isEmpty)
        #expect(Set(keys).count == 1, "every attempt carries the same key: \(keys)")
        #expect(UUID(uuidString: keys[0]!) != nil)
        // The server saw the second attempt no sooner than retry-after allowed.
        #expect(seen[1].arrival - seen[0].arrival >= 1.0)
        #expect(seen.allSatisfy { $0.body == #"{"recipients":["u1"]}"# })
        #expect(seen[0].header("Authorization") == "Bearer \(key)")
        #expect(seen[0].header("X-Knock-User-Token") == "eyJ.t.k")
        #expect(seen[0].header("Content-Type") == "application/json")

        let last = try #require(client.lastExchange)
        #expect(last.attempts == 3)
        #expect(last.request.method == "POST")
        #expect(last.request.url == server.baseURL + "/v1/workflows/new-comment/trigger")
        #expect(last.request.headers.value(of: "Authorization") == "Bearer [redacted]")
        #expect(last.request.body == #"{"recipients":["u1"]}"#)
        #expect(last.response?.status == 200)
        #expect(last.response?.headers.value(of: "x-request-id") == "req-3")
    }

    @Test func eachTriggerCallGetsItsOwnKeyAndOtherPostsGetNone() async throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "{}") }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }
        let trigger = Catalog.endpoint("workflows", "trigger")!
        _ = try await client.call(trigger, arguments: ["w"], body: ["recipients": ["u1"]])
        _ = try await client.call(trigger, arguments: ["w"], body: ["recipients": ["u1"]])
        _ = try await client.call(Catalog.endpoint("users", "merge")!, arguments: ["u1"], body: ["from_user_id": "u2"])
        let keys = server.requests.map { $0.header("Idempotency-Key") }
        #expect(keys[0] != nil && keys[1] != nil && keys[0] != keys[1])
        #expect(keys[2] == nil)
    }

    @Test func apiErrorsCarryStatusCodeMessageTypeAndRequestID() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .init(status: 404, headers: [("x-request-id", "F1x2Y3")],
                  body: #"{"code":"resource_missing","message":"The resource you requested does not exist","status":404,"type":"invalid_request_error"}"#)
        }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }
        do {
            _ = try await client.call(Catalog.endpoint("users", "get")!, arguments: ["nobody"])
            Issue.record("expected a 404")
        } catch let error as KnockAPIError {
            #expect(error.status == 404)
            #expect(error.code == "resource_missing")
            #expect(error.message == "The resource you requested does not exist")
            #expect(error.type == "invalid_request_error")
            #expect(error.requestID == "F1x2Y3")
            #expect(error.body["status"] == 404)
            #expect(error.attempts == 1)
            #expect(error.description == "GET /v1/users/nobody: 404 resource_missing: The resource you requested does not exist (request id F1x2Y3)")
        }
        #expect(server.requests.count == 1, "a 404 is not retried")
    }

    @Test func persistent5xxStopsAfterMaxAttempts() async throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 500, body: "boom") }
        defer { server.stop() }
        let client = client(server, maxAttempts: 3)
        defer { try? client.syncShutdown() }
        await #expect(throws: KnockAPIError.self) {
            try await client.call(Catalog.endpoint("users", "list")!)
        }
        do { _ = try await client.call(Catalog.endpoint("users", "list")!) } catch let e as KnockAPIError {
            #expect(e.status == 500 && e.attempts == 3 && e.message == "boom" && e.code == nil)
        }
        #expect(server.requests.count == 6)
    }

    @Test func theServerCanSayDoNotRetryAndTooLongARetryAfterFailsAtOnce() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            request.uri.hasPrefix("/v1/users")
                ? .init(status: 503, headers: [("x-should-retry", "false")])
                : .init(status: 429, headers: [("retry-after", "3600")])
        }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }
        await #expect(throws: KnockAPIError.self) { try await client.call(Catalog.endpoint("users", "list")!) }
        await #expect(throws: KnockAPIError.self) { try await client.call(Catalog.endpoint("tenants", "list")!) }
        #expect(server.requests.count == 2)
    }

    @Test func aRefusedConnectionIsRetriedThenRaisedAsAConnectionError() async throws {
        let closed = try LoopbackHTTPServer { _, _ in .init(status: 200) }
        let url = closed.baseURL
        closed.stop()
        var config = KnockClientConfiguration(baseURL: url, apiKey: key)
        config.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))
        let client = KnockClient(configuration: config)
        defer { try? client.syncShutdown() }
        do {
            _ = try await client.call(Catalog.endpoint("users", "get")!, arguments: ["u1"])
            Issue.record("expected a connection error")
        } catch let error as KnockConnectionError {
            #expect(error.attempts == 2)
            #expect(error.url == url + "/v1/users/u1")
            #expect(!error.isTimeout)
            #expect(client.lastExchange?.response == nil)
            #expect(client.lastExchange?.failure != nil)
        }
    }

    @Test func aSlowAnswerTimesOutAsAConnectionErrorAndIsRetried() async throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "{}", delay: .seconds(30)) }
        defer { server.stop() }
        var config = KnockClientConfiguration(baseURL: server.baseURL, apiKey: key)
        config.requestTimeout = .milliseconds(200)
        config.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))
        let client = KnockClient(configuration: config)
        defer { try? client.syncShutdown() }
        do {
            _ = try await client.call(Catalog.endpoint("users", "get")!, arguments: ["u1"])
            Issue.record("expected a timeout")
        } catch let error as KnockConnectionError {
            #expect(error.isTimeout)
            #expect(error.attempts == 2)
            #expect(error.description.contains("timed out after 2 attempts"))
        }
        #expect(server.requests.count == 2)
    }

    @Test func allFollowsPageInfoAfterAndConcatenates() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let after = URLComponents(string: request.uri)?.queryItems?.first { $0.name == "after" }?.value
            let (items, next): ([String], String?) =
                switch after {
                case nil: (["a", "b"], "c1")
                case "c1": (["c", "d"], "c2")
                default: (["e"], nil)
                }
            let entries = items.map { #"{"id":"\#($0)"}"# }.joined(separator: ",")
            let cursor = next.map { "\"\($0)\"" } ?? "null"
            return .init(status: 200, body: #"{"entries":[\#(entries)],"page_info":{"__typename":"PageInfo","after":\#(cursor),"before":null,"page_size":2}}"#)
        }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }
        let all = try await client.all(Catalog.endpoint("users", "list")!, options: [("--page-size", 2)])
        #expect(all["entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["a", "b", "c", "d", "e"])
        #expect(all["page_info"]?["after"] == .null)
        #expect(server.requests.map(\.uri) == ["/v1/users?page_size=2", "/v1/users?page_size=2&after=c1", "/v1/users?page_size=2&after=c2"])
    }

    @Test func localEngineCommandsAreRefusedAgainstRealKnockWithoutARequest() async throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "{}") }
        defer { server.stop() }
        let remote = client(server, local: false)
        defer { try? remote.syncShutdown() }
        await #expect(throws: KnockScopeError.self) {
            try await remote.call(Catalog.endpoint("clock", "advance")!, arguments: ["10m"])
        }
        #expect(server.requests.isEmpty)
        let local = remote.with { $0.isLocalEngine = true }
        #expect(try await local.call(Catalog.endpoint("clock", "advance")!, arguments: ["10m"]) == .object([:]))
        #expect(server.requests.first?.body == #"{"duration":"10m"}"#)
    }

    @Test func bracketQueriesAndEncodedPathsReachTheServerIntact() async throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: #"{"items":[]}"#) }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }
        _ = try await client.call(Catalog.endpoint("objects", "messages")!, arguments: ["$tenants", "a b"],
                                  options: [("--status", ["sent", "queued"]), ("--trigger-data", ["k": "v w"])])
        #expect(server.requests.first?.uri
            == "/v1/objects/%24tenants/a%20b/messages?status%5B%5D=sent&status%5B%5D=queued&trigger_data=%7B%22k%22%3A%22v%20w%22%7D")
    }

    @Test func rawRequestsGoOutAsWritten() async throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 204) }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }
        let response = try await client.raw("put", "/v1/users/u1?x=1", body: ["name": "Ada"])
        #expect(response.status == 204)
        #expect(response.body == .null)
        #expect(server.requests.first?.method == "PUT")
        #expect(server.requests.first?.uri == "/v1/users/u1?x=1")
        #expect(server.requests.first?.body == #"{"name":"Ada"}"#)
        await #expect(throws: RawRequestError.unknownMethod("FETCH")) { try await client.raw("FETCH", "/v1/users") }
    }

    @Test func aBlockingCallWaitsAndCanBeCancelledFromAnotherThread() throws {
        let server = try LoopbackHTTPServer { request, _ in
            request.uri.contains("slow") ? .init(status: 200, body: "{}", delay: .seconds(20)) : .init(status: 200, body: #"{"id":"u1"}"#)
        }
        defer { server.stop() }
        let client = client(server)
        defer { try? client.syncShutdown() }

        #expect(try client.callBlocking(Catalog.endpoint("users", "get")!, arguments: ["u1"]) == ["id": "u1"])

        let handle = CancelHandle()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { handle.cancel() }
        let started = Date()
        #expect(throws: CancellationError.self) {
            try client.callBlocking(Catalog.endpoint("users", "get")!, arguments: ["slow"], cancel: handle)
        }
        #expect(Date().timeIntervalSince(started) < 10, "cancellation must not wait for the slow answer")
        #expect(throws: CancellationError.self) { try handle.check() }
        handle.reset()
        #expect(!handle.isCancelled)
    }
}
