import KnockCore
import KnockAPI
import Testing
@testable import KnockServer

@Suite struct AuthAndErrorsTests {
    @Test func authMatrix() async throws {
        try await withServer(.init(secretKey: "sk_test_matrix", publishableKey: "pk_test_matrix")) { server, client in
            client.key = nil
            var r = try await client.request("GET", "/v1/users")
            #expect(r.status == 401)
            #expect(r.json["code"] == "api_key_missing")
            #expect(r.json["type"] == "authentication_error")
            client.key = "sk_test_nope"
            r = try await client.request("GET", "/v1/users")
            #expect(r.status == 401)
            client.key = "pk_test_matrix"
            r = try await client.request("GET", "/v1/users")
            #expect(r.status == 403)
            #expect(r.json["code"] == "incorrect_token_type")
            r = try await client.request("PUT", "/v1/users/u1", ["name": "From browser"])
            #expect(r.status == 200, "identify is a publishable-key endpoint")
            r = try await client.request("GET", "/v1/users/u1/preferences")
            #expect(r.status == 200)
            client.key = "sk_test_matrix"
            #expect(try await client.request("GET", "/v1/users").status == 200)
            #expect(try await client.request("GET", "/v1/users", headers: ["Authorization": "Basic x"]).status >= 400)
        }
    }

    @Test func environmentsAreIsolated() async throws {
        try await withServer { server, client in
            let admin = TestClient(port: server.port, key: nil)
            let created = try await admin.request("POST", "/_admin/environments", ["name": "other"])
            #expect(created.status == 201)
            let sk = try #require(created.json["secret_key"]?.stringValue)
            #expect(created.json["publishable_key"]?.stringValue?.hasPrefix("pk_") == true)
            _ = try await client.request("PUT", "/v1/users/shared-id", ["name": "default env"])
            let other = TestClient(port: server.port, key: sk)
            #expect(try await other.request("GET", "/v1/users/shared-id").status == 404)
            _ = try await other.request("PUT", "/v1/users/shared-id", ["name": "other env"])
            #expect(try await client.request("GET", "/v1/users/shared-id").json["name"] == "default env")
            let list = try await admin.request("GET", "/_admin/environments")
            #expect(list.json["entries"]?.arrayValue?.count == 2)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await admin.request("DELETE", "/_admin/environments/\(id)").status == 204)
            #expect(try await other.request("GET", "/v1/users/shared-id").status == 401)
            #expect(try await admin.request("DELETE", "/_admin/environments/\(id)").status == 404)
        }
    }

    @Test func adminTokenIsRequiredWhenConfigured() async throws {
        try await withServer(.init(adminToken: "let-me-in")) { server, _ async throws in
            let admin = TestClient(port: server.port, key: nil)
            #expect(try await admin.request("GET", "/_admin/environments").status == 401)
            admin.key = "let-me-in"
            #expect(try await admin.request("GET", "/_admin/environments").status == 200)
        }
    }

    @Test func unknownRoutesAndUnimplementedEndpointsAreJSON404s() async throws {
        try await withServer { _, client in
            var r = try await client.request("GET", "/v2/whatever")
            #expect(r.status == 404)
            #expect(r.json["code"] == "resource_missing")
            #expect(r.json["status"] == 404)
            #expect(r.headers["x-request-id"] != nil)
            r = try await client.request("PATCH", "/v1/users/u1")
            #expect(r.status == 404)
            r = try await client.request("GET", "/v1/workflows/x/trigger")
            #expect(r.status == 404)
        }
    }

    @Test func rateLimitsAnswer429WithRetryAfterWhenEnabled() async throws {
        var config = LocalEngineServer.Configuration(enforceRateLimits: true)
        config.rateLimitClock = { 1_700_000_000 }  // frozen: a slow machine must not refill the bucket
        try await withServer(config) { _, client in
            // Bulk endpoints are tier 1: one per second.
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await client.request("POST", "/v1/users/bulk/delete", ["user_ids": ["a"]]).status) }
            #expect(statuses.contains(429))
            let r = try await client.request("POST", "/v1/users/bulk/delete", ["user_ids": ["a"]])
            #expect(r.status == 429)
            #expect(r.json["code"] == "rate_limit_exceeded")
            #expect(Int(r.headers["retry-after"] ?? "") ?? 0 >= 1)
        }
    }

    @Test func everyLocalEngineCatalogEntryHasAnAdminHandler() {
        let local = Set(Catalog.endpoints.filter { $0.scope == .localEngine }.map(\.id))
        #expect(local.contains("environments settings"))
        #expect(Set(Routes.admin().implemented) == local)
    }

    @Test func catalogEndpointsWithHandlers() {
        let implemented = Set(Routes.all().implemented)
        for id in ["users identify", "users get", "users list", "users delete", "users merge"] {
            #expect(implemented.contains(id), "\(id)")
        }
    }
}
