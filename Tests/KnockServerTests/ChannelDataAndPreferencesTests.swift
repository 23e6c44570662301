import KnockCore
import Testing
@testable import KnockServer

@Suite struct ChannelDataAndPreferencesTests {
    @Test func channelDataReplacesAndChecksShapes() async throws {
        try await withServer { server, client in
            server.engine.channelProviders.register(channelID: "22222222-2222-4222-8222-222222222222", provider: "push_fcm")
            server.engine.channelProviders.register(channelID: "33333333-3333-4333-8333-333333333333", provider: "chat_slack")
            var r = try await client.request("GET", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222")
            #expect(r.status == 404)
            r = try await client.request("PUT", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222", ["data": ["tokens": ["a", "b"]]])
            #expect(r.status == 200)
            #expect(r.json["__typename"] == "ChannelData")
            #expect(r.json["provider"] == "push_fcm")
            #expect(r.json.at("data.tokens") == ["a", "b"])
            #expect(r.json.at("data.devices.1.token") == "b")
            #expect(try await client.request("GET", "/v1/users/u1").status == 200, "setting channel data creates the user")
            r = try await client.request("PUT", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222", ["data": ["devices": [["token": "c", "locale": "fr"]]]])
            #expect(r.json.at("data.tokens") == ["c"], "PUT replaces")
            r = try await client.request("PUT", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222", ["data": ["connections": [["access_token": "x"]]]])
            #expect(r.status == 422)
            r = try await client.request("PUT", "/v1/users/u1/channel_data/33333333-3333-4333-8333-333333333333", ["data": ["connections": [["incoming_webhook": ["url": 3]]]]])
            #expect(r.status == 422)
            r = try await client.request("PUT", "/v1/users/u1/channel_data/33333333-3333-4333-8333-333333333333", ["data": ["connections": [["access_token": "xoxb-1", "channel_id": "C1"]]]])
            #expect(r.json.at("data.connections.0.channel_id") == "C1")
            #expect(try await client.request("GET", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222").json.at("data.tokens") == ["c"], "a rejected PUT cost nothing")
            #expect(try await client.request("DELETE", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222").status == 204)
            #expect(try await client.request("GET", "/v1/users/u1/channel_data/22222222-2222-4222-8222-222222222222").status == 404)
            #expect(try await client.request("PUT", "/v1/users/u1/channel_data/55555555-5555-4555-8555-555555555555", ["nodata": true]).status == 422)
        }
    }

    @Test func preferencesReplaceOrMerge() async throws {
        try await withServer { _, client in
            var r = try await client.request("GET", "/v1/users/u1/preferences/default")
            #expect(r.json["id"] == "default")
            #expect(r.json["channel_types"] == .null)
            r = try await client.request("PUT", "/v1/users/u1/preferences/default", ["channel_types": ["email": true, "sms": false], "workflows": ["w1": ["channel_types": ["email": false]]]])
            #expect(r.status == 200)
            #expect(r.json["__typename"] == "PreferenceSet")
            r = try await client.request("PUT", "/v1/users/u1/preferences/default", ["categories": ["marketing": false]])
            #expect(r.json["channel_types"] == .null, "PUT replaces by default")
            #expect(r.json.at("categories.marketing") == false)
            r = try await client.request("PUT", "/v1/users/u1/preferences/default", ["__persistence_strategy__": "merge", "channel_types": ["push": false]])
            #expect(r.json.at("categories.marketing") == false)
            #expect(r.json.at("channel_types.push") == false)
            _ = try await client.request("PUT", "/v1/users/u1/preferences/tenant-a", ["channel_types": ["email": false]])
            r = try await client.request("GET", "/v1/users/u1/preferences")
            #expect(r.json.arrayValue?.compactMap { $0["id"]?.stringValue } == ["default", "tenant-a"])
            #expect(try await client.request("PUT", "/v1/users/u1/preferences/default", ["channel_types": ["email": "yes"]]).status == 422)
            #expect(try await client.request("PUT", "/v1/users/u1/preferences/default", ["__persistence_strategy__": "sometimes"]).status == 422)
            r = try await client.request("PUT", "/v1/objects/projects/p1/preferences/default", ["workflows": ["w": false]])
            #expect(r.json.at("workflows.w") == false)
            #expect(try await client.request("GET", "/v1/objects/projects/p1/preferences").json.at("0.workflows.w") == false)
            // Identify deep-merges inline preferences.
            _ = try await client.request("PUT", "/v1/users/u1", ["preferences": ["default": ["channel_types": ["sms": true]]]])
            r = try await client.request("GET", "/v1/users/u1/preferences/default")
            #expect(r.json.at("channel_types.push") == false)
            #expect(r.json.at("channel_types.sms") == true)
        }
    }
}

@Suite struct ChannelIDTests {
    @Test func channelIDsMustBeUUIDs() async throws {
        try await withServer { _, client in
            let r = try await client.request("PUT", "/v1/users/u1/channel_data/not-a-uuid", ["data": ["tokens": ["t"]]])
            #expect(r.status == 422)
            #expect(r.json.at("errors.0.field") == "channel_id")
            #expect(try await client.request("PUT", "/v1/users/u1", ["channel_data": ["nope": ["tokens": ["t"]]]]).status == 422)
            #expect(try await client.request("GET", "/v1/users/u1").status == 404, "a rejected identify stores nothing")
        }
    }
}
