import KnockCore
import Testing
@testable import KnockServer

/// `resolve_full_preference_settings=true` on tenants get and list: the tenant's preference set
/// over the environment default (set through the admin settings route).
@Suite struct TenantPreferenceResolutionTests {
    @Test func tenantSetsMergeOverTheEnvironmentDefault() async throws {
        try await withServer(.init(port: 0)) { server, client in
            let admin = TestClient(port: server.port, key: nil)
            let envID = server.defaultEnvironment.id
            var r = try await admin.request("PUT", "/_admin/environments/\(envID)/settings", ["default_preference_set": [
                "categories": ["marketing": false, "product": true], "channel_types": ["email": true, "sms": false],
            ]])
            #expect(r.status == 200)
            #expect(r.json["default_preference_set"]?["categories"]?["marketing"] == false)
            #expect(try await admin.request("PUT", "/_admin/environments/\(envID)/settings", ["default_preference_set": ["categories": 3]]).status == 422)

            _ = try await client.request("PUT", "/v1/tenants/acme", ["name": "Acme", "settings": ["preference_set": [
                "categories": ["marketing": true], "channel_types": .null,
            ]]])
            _ = try await client.request("PUT", "/v1/tenants/plain", ["name": "Plain"])

            r = try await client.request("GET", "/v1/tenants/acme")
            #expect(r.json["settings"]?["preference_set"]?["categories"] == ["marketing": true])
            r = try await client.request("GET", "/v1/tenants/acme?resolve_full_preference_settings=true")
            #expect(r.status == 200)
            let set = r.json["settings"]?["preference_set"]
            #expect(set?["categories"] == ["marketing": true, "product": true])
            #expect(set?["channel_types"] == ["email": true, "sms": false], "a tenant null keeps the default")
            #expect(r.json["name"] == "Acme")

            r = try await client.request("GET", "/v1/tenants?resolve_full_preference_settings=true")
            let plain = r.json["entries"]?.arrayValue?.first { $0["id"] == "plain" }
            #expect(plain?["settings"]?["preference_set"]?["categories"] == ["marketing": false, "product": true])
            r = try await client.request("GET", "/v1/tenants")
            #expect(r.json["entries"]?.arrayValue?.first { $0["id"] == "plain" }?["settings"]?["preference_set"]?["categories"] == nil)
        }
    }
}
