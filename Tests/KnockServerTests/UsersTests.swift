import KnockCore
import Testing
@testable import KnockServer

@Suite struct UsersTests {
    @Test func identifyDeepMergesAndGetReturnsTheUser() async throws {
        try await withServer { _, client in
            var r = try await client.request("PUT", "/v1/users/u1", ["name": "Ada", "email": "ada@example.com", "plan": ["tier": "pro", "seats": 3], "tags": ["a", "b"]])
            #expect(r.status == 200)
            #expect(r.json["__typename"] == "User")
            #expect(r.json["id"] == "u1")
            #expect(r.json["created_at"] == .null)
            #expect(r.json["updated_at"]?.stringValue?.hasSuffix("Z") == true)
            r = try await client.request("PUT", "/v1/users/u1", ["plan": ["seats": 5], "tags": ["c"], "name": nil])
            #expect(r.json["plan"] == ["tier": "pro", "seats": 5])
            #expect(r.json["tags"] == ["c"])
            #expect(r.json["name"] == .null)
            #expect(r.json["email"] == "ada@example.com")
            r = try await client.request("GET", "/v1/users/u1")
            #expect(r.status == 200)
            #expect(r.json["plan"] == ["tier": "pro", "seats": 5])
            #expect(r.headers["x-request-id"]?.isEmpty == false)
        }
    }

    @Test func identifyKeepsClientCreatedAtAndRejectsWrongTypes() async throws {
        try await withServer { _, client in
            var r = try await client.request("PUT", "/v1/users/u1", ["created_at": "2024-05-22T12:00:00Z"])
            #expect(r.json["created_at"] == "2024-05-22T12:00:00.000000Z")
            r = try await client.request("PUT", "/v1/users/u1", ["email": 5])
            #expect(r.status == 422)
            #expect(r.json["code"] == "invalid_params")
            #expect(r.json.at("errors.0.field") == "email")
            r = try await client.request("PUT", "/v1/users/u1", nil, rawBody: "{\"name\": ")
            #expect(r.status == 400)
            #expect(r.json["status"] == 400)
            r = try await client.request("PUT", "/v1/users/u1", nil, rawBody: "[1,2]")
            #expect(r.status == 422)
            r = try await client.request("GET", "/v1/users/u1")
            #expect(r.json["created_at"] == "2024-05-22T12:00:00.000000Z", "bad input must not cost data")
        }
    }

    @Test func getAndDeleteUnknownUserAre404() async throws {
        try await withServer { _, client in
            #expect(try await client.request("GET", "/v1/users/nobody").status == 404)
            #expect(try await client.request("DELETE", "/v1/users/nobody").status == 404)
            _ = try await client.request("PUT", "/v1/users/u1", ["name": "A"])
            let r = try await client.request("DELETE", "/v1/users/u1")
            #expect(r.status == 204)
            #expect(r.body.isEmpty)
            #expect(try await client.request("GET", "/v1/users/u1").status == 404)
        }
    }

    @Test func percentEncodedIdsRoundTrip() async throws {
        try await withServer { _, client in
            let r = try await client.request("PUT", "/v1/users/user%20one%40x", ["name": "Spaces"])
            #expect(r.json["id"] == "user one@x")
            #expect(try await client.request("GET", "/v1/users/user%20one%40x").json["name"] == "Spaces")
        }
    }

    @Test func mergeKeepsPrimaryValuesAndDeletesSecondary() async throws {
        try await withServer { _, client in
            _ = try await client.request("PUT", "/v1/users/primary", ["name": "P", "a": ["x": 1]])
            _ = try await client.request("PUT", "/v1/users/secondary", ["name": "S", "phone_number": "+15550001111", "a": ["x": 9, "y": 2],
                                                                 "channel_data": ["11111111-1111-4111-8111-111111111111": ["tokens": ["t1"]]]])
            let r = try await client.request("POST", "/v1/users/primary/merge", ["from_user_id": "secondary"])
            #expect(r.status == 200)
            #expect(r.json["name"] == "P")
            #expect(r.json["phone_number"] == "+15550001111")
            #expect(r.json["a"] == ["x": 1, "y": 2])
            #expect(try await client.request("GET", "/v1/users/secondary").status == 404)
            #expect(try await client.request("GET", "/v1/users/primary/channel_data/11111111-1111-4111-8111-111111111111").json.at("data.tokens.0") == "t1")
            #expect(try await client.request("POST", "/v1/users/primary/merge", ["from_user_id": "ghost"]).status == 404)
            #expect(try await client.request("POST", "/v1/users/primary/merge", [:]).status == 422)
        }
    }

    @Test func listIncludesPreferencesOnRequest() async throws {
        try await withServer { _, client in
            _ = try await client.request("PUT", "/v1/users/u1", ["preferences": ["default": ["channel_types": ["email": false]]]])
            var r = try await client.request("GET", "/v1/users")
            #expect(r.json.at("entries.0.preferences") == nil)
            r = try await client.request("GET", "/v1/users?include[]=preferences")
            #expect(r.json.at("entries.0.preferences.default.channel_types.email") == false)
            r = try await client.request("GET", "/v1/users?include=preferences")
            #expect(r.json.at("entries.0.preferences.default.id") == "default")
        }
    }
}
