import KnockCore
import Testing
@testable import KnockServer

@Suite struct EnhancedSecurityTests {
    @Test func sha256KnownAnswer() {
        let hex = Hashing.sha256(Array("abc".utf8)).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func publishableKeyNeedsAValidUserToken() async throws {
        try await withServer(.init(secretKey: "sk_test_es", publishableKey: "pk_test_es")) { server, client async throws in
            let admin = TestClient(port: server.port, key: nil)
            let envID = server.defaultEnvironment.id
            var r = try await admin.request("PUT", "/_admin/environments/\(envID)/settings", ["enhanced_security": true])
            #expect(r.json["enhanced_security"] == true)
            client.key = "pk_test_es"
            r = try await client.request("GET", "/v1/users/u1/preferences")
            #expect(r.status == 401)
            #expect(r.json["code"] == "missing_jwt_signing_key")
            _ = try await admin.request("PUT", "/_admin/environments/\(envID)/settings", ["signing_public_key": .string(JWTFixtures.publicKeyPEM)])
            r = try await client.request("GET", "/v1/users/u1/preferences")
            #expect(r.status == 401)
            #expect(r.json["code"] == "missing_user_token")
            r = try await client.request("GET", "/v1/users/u1/preferences", headers: ["X-Knock-User-Token": JWTFixtures.validForU1])
            #expect(r.status == 200)
            r = try await client.request("PUT", "/v1/users/u2", ["name": "not me"], headers: ["X-Knock-User-Token": JWTFixtures.validForU1])
            #expect(r.status == 403, "a token acts only for its own user")
            r = try await client.request("GET", "/v1/users/u1/preferences", headers: ["X-Knock-User-Token": JWTFixtures.expiredForU1])
            #expect(r.status == 401)
            #expect(r.json["code"] == "invalid_user_token")
            r = try await client.request("GET", "/v1/users/u2/preferences", headers: ["X-Knock-User-Token": JWTFixtures.tamperedForU2])
            #expect(r.status == 401, "signature checked")
            r = try await client.request("GET", "/v1/users/u1/preferences", headers: ["X-Knock-User-Token": "not.a.jwt"])
            #expect(r.status == 401)
            client.key = "sk_test_es"
            #expect(try await client.request("GET", "/v1/users").status == 200, "secret keys need no user token")
        }
    }

    @Test func aUserTokenChangesOnlyItsOwnUsersMessages() async throws {
        try await withServer(.init(workflowsDirectory: WorkflowRuntimeHTTPTests.recipes, secretKey: "sk_test_es2", publishableKey: "pk_test_es2")) { server, client async throws in
            let admin = TestClient(port: server.port, key: nil)
            _ = try await admin.request("PUT", "/_admin/environments/\(server.defaultEnvironment.id)/settings",
                                        ["enhanced_security": true, "signing_public_key": .string(JWTFixtures.publicKeyPEM)])
            for user in ["u1", "u2"] {
                _ = try await client.request("PUT", "/v1/users/\(user)", ["name": "Ada", "email": "ada@example.com"])
                _ = try await client.request("POST", "/v1/workflows/welcome/trigger", ["recipients": .array([.string(user)]), "data": ["workspace_name": "Acme"]])
            }
            func feedMessage(_ user: String) async throws -> String {
                let r = try await client.request("GET", "/v1/users/\(user)/messages?channel_id=in-app-feed")
                return try #require(r.json.at("items.0.id")?.stringValue)
            }
            let mine = try await feedMessage("u1"), theirs = try await feedMessage("u2")
            let token = ["X-Knock-User-Token": JWTFixtures.validForU1]
            client.key = "pk_test_es2"
            var r = try await client.request("PUT", "/v1/messages/\(theirs)/seen", headers: token)
            #expect(r.status == 404, "another user's message is not there for this token")
            r = try await client.request("PUT", "/v1/messages/\(mine)/seen", headers: token)
            #expect(r.status == 200)
            #expect(r.json["engagement_statuses"] == ["seen"])
            r = try await client.request("POST", "/v1/messages/batch/read", ["message_ids": [.string(mine), .string(theirs)]], headers: token)
            #expect(r.json.arrayValue?.map { $0["id"] } == [.string(mine)])
            r = try await client.request("GET", "/v1/users/u1/feeds/in-app-feed", headers: token)
            #expect(r.json.at("meta.unread_count") == 0)
            client.key = "sk_test_es2"
            r = try await client.request("GET", "/v1/messages/\(theirs)")
            #expect(r.json["engagement_statuses"] == [], "untouched")
        }
    }
}
