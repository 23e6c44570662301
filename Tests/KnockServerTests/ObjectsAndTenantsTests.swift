import KnockCore
import Testing
@testable import KnockServer

@Suite struct ObjectsAndTenantsTests {
    @Test func objectsNestPropertiesAndDeepMerge() async throws {
        try await withServer { _, client in
            var r = try await client.request("PUT", "/v1/objects/projects/p1", ["name": "Apollo", "config": ["a": 1], "channel_data": ["11111111-1111-4111-8111-111111111111": ["tokens": ["t"]]]])
            #expect(r.status == 200)
            #expect(r.json["__typename"] == "Object")
            #expect(r.json["collection"] == "projects")
            #expect(r.json["properties"] == ["name": "Apollo", "config": ["a": 1]])
            r = try await client.request("PUT", "/v1/objects/projects/p1", ["config": ["b": 2]])
            #expect(r.json["properties"] == ["name": "Apollo", "config": ["a": 1, "b": 2]])
            _ = try await client.request("PUT", "/v1/objects/projects/p2", [:])
            _ = try await client.request("PUT", "/v1/objects/other/o1", [:])
            r = try await client.request("GET", "/v1/objects/projects?page_size=1")
            #expect(r.json.at("entries.0.id") == "p1")
            let after = try #require(r.json.at("page_info.after")?.stringValue)
            r = try await client.request("GET", "/v1/objects/projects?page_size=1&after=\(after)")
            #expect(r.json.at("entries.0.id") == "p2")
            #expect(r.json.at("page_info.after") == .null)
            #expect(try await client.request("GET", "/v1/objects/projects/p1/channel_data/11111111-1111-4111-8111-111111111111").json.at("data.tokens.0") == "t")
            #expect(try await client.request("DELETE", "/v1/objects/projects/p1").status == 204)
            #expect(try await client.request("GET", "/v1/objects/projects/p1").status == 404)
            #expect(try await client.request("GET", "/v1/objects/projects/p1/channel_data/11111111-1111-4111-8111-111111111111").status == 404)
        }
    }

    @Test func tenantsKeepSettingsAndFilter() async throws {
        try await withServer { _, client in
            var r = try await client.request("PUT", "/v1/tenants/acme", ["name": "Acme", "plan": "gold",
                "settings": ["branding": ["primary_color": "#FF0000"], "preference_set": ["channel_types": ["email": true, "sms": false]]]])
            #expect(r.status == 200)
            #expect(r.json["__typename"] == "Tenant")
            #expect(r.json["plan"] == "gold")
            #expect(r.json.at("settings.branding.primary_color") == "#FF0000")
            r = try await client.request("PUT", "/v1/tenants/acme", ["settings": ["preference_set": ["channel_types": ["email": false]]]])
            #expect(r.json.at("settings.preference_set.channel_types") == ["email": false, "sms": false])
            r = try await client.request("PUT", "/v1/tenants/acme", ["settings": ["preference_set": ["__persistence_strategy__": "replace", "workflows": ["w": true]]]])
            #expect(r.json.at("settings.preference_set.channel_types") == nil)
            #expect(r.json.at("settings.preference_set.workflows.w") == true)
            _ = try await client.request("PUT", "/v1/tenants/globex", ["name": "Globex"])
            r = try await client.request("GET", "/v1/tenants?name=Globex")
            #expect(r.json.at("entries")?.arrayValue?.map { $0["id"] } == ["globex"])
            r = try await client.request("GET", "/v1/tenants?tenant_id=acme")
            #expect(r.json.at("entries.0.name") == "Acme")
            #expect(try await client.request("GET", "/v1/tenants").json.at("entries")?.arrayValue?.count == 2)
            #expect(try await client.request("DELETE", "/v1/tenants/acme").status == 204)
            #expect(try await client.request("GET", "/v1/tenants/acme").status == 404)
            #expect(try await client.request("PUT", "/v1/tenants/x", ["settings": ["branding": ["primary_color": 5]]]).status == 422)
        }
    }
}
