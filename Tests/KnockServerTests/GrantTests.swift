import KnockCore
import Testing
@testable import KnockServer

/// Grants inside enhanced-security user tokens: `explicit_grants` denies what is not granted,
/// tenant grants limit preference actions to their tenants, extra grants leave user access alone.
@Suite struct GrantTests {
    @Test func grantsAreCheckedWithKnockBodies() async throws {
        try await withServer(.init(secretKey: "sk_test_gr", publishableKey: "pk_test_gr")) { server, client async throws in
            let admin = TestClient(port: server.port, key: nil)
            let envID = server.defaultEnvironment.id
            _ = try await admin.request("PUT", "/_admin/environments/\(envID)/settings",
                                        ["enhanced_security": true, "signing_public_key": .string(GrantFixtures.publicKeyPEM)])
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "Ada"])
            client.key = "pk_test_gr"

            // explicit_grants with only user/read.
            var token = ["X-Knock-User-Token": GrantFixtures.readOnlyU1]
            var r = try await client.request("GET", "/v1/users/u1", headers: token)
            #expect(r.status == 200)
            #expect(r.json["name"] == "Ada")
            r = try await client.request("PUT", "/v1/users/u1", ["name": "Changed"], headers: token)
            #expect(r.status == 403)
            #expect(r.json["code"] == "authorization")
            #expect(r.json["type"] == "authentication_error")
            #expect(r.json["status"] == 403)
            #expect(r.json["message"]?.stringValue?.contains("user/write") == true)
            r = try await client.request("GET", "/v1/users/u1/preferences", headers: token)
            #expect(r.status == 403)
            r = try await client.request("GET", "/v1/users/u1/channel_data/\(UUIDs.anyChannel)", headers: token)
            #expect(r.status == 403)

            // Tenant grants: preferences/read on acme (and beta, named as an object of $tenants), not on the user.
            token = ["X-Knock-User-Token": GrantFixtures.tenantScopedU1]
            r = try await client.request("GET", "/v1/users/u1/preferences?tenant=acme", headers: token)
            #expect(r.status == 200)
            r = try await client.request("GET", "/v1/users/u1/preferences/default?tenant=beta", headers: token)
            #expect(r.status != 403)
            r = try await client.request("GET", "/v1/users/u1/preferences?tenant=gamma", headers: token)
            #expect(r.status == 403)
            #expect(r.json["message"]?.stringValue?.contains("tenants/gamma") == true)
            r = try await client.request("GET", "/v1/users/u1/preferences", headers: token)
            #expect(r.status == 403, "without a tenant the user resource needs the grant")
            r = try await client.request("PUT", "/v1/users/u1", ["name": "Ada L."], headers: token)
            #expect(r.status == 200, "no explicit_grants: identify is not limited")

            // Grants on some object only, no explicit_grants: the user's own access is unchanged.
            token = ["X-Knock-User-Token": GrantFixtures.extraGrantsU1]
            #expect(try await client.request("GET", "/v1/users/u1/preferences", headers: token).status == 200)
            #expect(try await client.request("PUT", "/v1/users/u2", ["name": "x"], headers: token).status == 403)
        }
    }

    @Test func grantTableNormalizesResourcesAndAliases() {
        let t = Grants.table([
            "https://api.knock.app/v1/objects/$tenants/acme": ["feed/read": []],
            "https://api.knock.app/v1/users/u1/": ["user/read": [[:]], "user/write": .null],
        ])
        #expect(t["tenants/acme"] == ["user/feed_read"])
        #expect(t["users/u1"] == ["user/read"])
    }
}

private enum UUIDs { static let anyChannel = "8209e1d6-9a21-4bb9-a1b4-6a7a41d6a3d0" }
