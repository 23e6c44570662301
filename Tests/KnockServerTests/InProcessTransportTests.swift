import Foundation
import KnockAPI
import KnockCore
@testable import KnockServer
import Testing

/// The engine reached two ways at once — HTTP over loopback and the in-process transport — is
/// one engine answering through one dispatch: the same statuses, bodies, error bodies, request
/// id form and headers, the same rate-limit buckets.
@Suite struct InProcessTransportTests {
    struct Answer: Equatable {
        var status: Int
        var body: JSON
        var contentType: String?
        var requestIDPrefix: String?
        var retryAfter: String?
    }

    /// Status, body and the headers a client reads, from an answer or an API error.
    static func answer(_ client: KnockClient, _ method: String, _ path: String, _ body: JSON? = nil) async throws -> Answer {
        func prefix(_ id: String?) -> String? { id.map { String($0[..<($0.lastIndex(of: "_") ?? $0.endIndex)]) } }
        do {
            let r = try await client.raw(method, path, body: body)
            return Answer(status: r.status, body: r.body, contentType: r.headers.value(of: "content-type"),
                          requestIDPrefix: prefix(r.requestID), retryAfter: r.headers.value(of: "retry-after"))
        } catch let e as KnockAPIError {
            let last = client.lastExchange?.response
            return Answer(status: e.status, body: e.body, contentType: last?.headers.value(of: "content-type"),
                          requestIDPrefix: prefix(e.requestID), retryAfter: last?.headers.value(of: "retry-after"))
        }
    }

    @Test func bothWaysInAnswerAlike() async throws {
        var config = LocalEngineServer.Configuration(port: 0, secretKey: "sk_test_both_ways_0123", enforceRateLimits: true)
        config.rateLimitClock = { 1_000 }   // buckets never refill: the second tier-1 call is a 429
        try await withServer(config) { server, _ in
            var settings = KnockClientConfiguration(baseURL: server.baseURL, apiKey: "sk_test_both_ways_0123", isLocalEngine: true)
            settings.retry.maxAttempts = 1
            let http = KnockClient(configuration: settings)
            settings.baseURL = EmbeddedEngine.baseURL
            let direct = KnockClient(configuration: settings, transport: InProcessTransport(dispatch: server.dispatch))
            let keyless = KnockClient(configuration: { var c = settings; c.apiKey = nil; return c }(),
                                      transport: InProcessTransport(dispatch: server.dispatch))

            // One engine: what one way writes, the other reads.
            let written = try await Self.answer(direct, "PUT", "/v1/users/ada", ["name": "Ada", "email": "ada@example.com"])
            #expect(written.status == 200)
            let read = try await Self.answer(http, "GET", "/v1/users/ada")
            #expect(read.body["name"] == "Ada")
            #expect(read == (try await Self.answer(direct, "GET", "/v1/users/ada")))

            // Errors: the same Knock error bodies and statuses both ways.
            for (method, path, body) in [("GET", "/v1/users/nobody", nil), ("GET", "/v1/no-such-route", nil),
                                         ("PUT", "/v1/users/ada", JSON.string("not an object")),
                                         ("POST", "/v1/workflows/no-such-workflow/trigger", ["recipients": ["ada"]] as JSON)] {
                let viaHTTP = try await Self.answer(http, method, path, body)
                let viaDirect = try await Self.answer(direct, method, path, body)
                #expect(viaHTTP.status >= 400 && viaHTTP.status < 500, "\(method) \(path): \(viaHTTP.status)")
                #expect(viaHTTP.body["code"] != nil && viaHTTP.body["type"] != nil)
                #expect(viaHTTP == viaDirect, "\(method) \(path)")
            }
            let unauthenticated = try await Self.answer(keyless, "GET", "/v1/users/ada")
            #expect(unauthenticated.status == 401)
            #expect(unauthenticated.body["code"] == "api_key_missing")

            // Request ids come from the one counter: same per-process prefix, never repeated.
            let ids = try await [http, direct, http, direct].asyncMap { try await $0.raw("GET", "/v1/users/ada").requestID ?? "" }
            #expect(Set(ids).count == 4)
            #expect(Set(ids.map { $0[..<$0.lastIndex(of: "_")!] }).count == 1)

            // Rate limits: one set of buckets. The tier-1 call over HTTP takes the only token;
            // the same call in process gets the 429 with retry-after.
            let bulk: JSON = ["users": [["id": "bulk-1"]]]
            let first = try await Self.answer(http, "POST", "/v1/users/bulk/identify", bulk)
            #expect(first.status < 300)
            let second = try await Self.answer(direct, "POST", "/v1/users/bulk/identify", bulk)
            #expect(second.status == 429)
            #expect(second.body["code"] == "rate_limit_exceeded")
            #expect(second.retryAfter == "1")

            try await http.shutdown()
        }
    }

    @Test func theTransportSplitsPathAndQueryFromAnyURL() {
        #expect(InProcessTransport.pathAndQuery(of: "inprocess://knocksh-engine/v1/users?page_size=2&after=x") == ("/v1/users", "page_size=2&after=x"))
        #expect(InProcessTransport.pathAndQuery(of: "http://127.0.0.1:4000/v1/users/a%2Fb") == ("/v1/users/a%2Fb", nil))
        #expect(InProcessTransport.pathAndQuery(of: "inprocess://knocksh-engine") == ("/", nil))
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
