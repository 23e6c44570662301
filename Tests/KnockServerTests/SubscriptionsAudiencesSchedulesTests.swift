import KnockCore
import Testing
@testable import KnockServer

@Suite struct SubscriptionsAudiencesSchedulesTests {
    @Test func subscriptionsInBothDirections() async throws {
        try await withServer { _, client in
            #expect(try await client.request("POST", "/v1/objects/projects/p1/subscriptions", ["recipients": ["u1"]]).status == 404)
            _ = try await client.request("PUT", "/v1/objects/projects/p1", ["name": "P1"])
            _ = try await client.request("PUT", "/v1/objects/projects/p2", [:])
            var r = try await client.request("POST", "/v1/objects/projects/p1/subscriptions",
                                             ["recipients": ["u1", ["id": "u2", "name": "Inline"], ["id": "team", "collection": "teams"]], "properties": ["role": "owner"]])
            #expect(r.status == 200)
            #expect(r.json.arrayValue?.count == 3)
            #expect(r.json.at("0.__typename") == "Subscription")
            #expect(r.json.at("0.object.id") == "p1")
            #expect(r.json.at("1.recipient.name") == "Inline")
            #expect(r.json.at("0.properties.role") == "owner")
            _ = try await client.request("POST", "/v1/objects/projects/p2/subscriptions", ["recipients": ["u1"]])
            r = try await client.request("GET", "/v1/objects/projects/p1/subscriptions")
            #expect(r.json.at("entries")?.arrayValue?.compactMap { $0.at("recipient.id")?.stringValue } == ["u1", "u2", "team"])
            r = try await client.request("GET", "/v1/objects/projects/p1/subscriptions?recipients[]=u2")
            #expect(r.json.at("entries")?.arrayValue?.count == 1)
            r = try await client.request("GET", "/v1/objects/teams/team/subscriptions?mode=recipient")
            #expect(r.json.at("entries.0.object.id") == "p1")
            r = try await client.request("GET", "/v1/users/u1/subscriptions")
            #expect(r.json.at("entries")?.arrayValue?.compactMap { $0.at("object.id")?.stringValue } == ["p2", "p1"], "newest first")
            r = try await client.request("DELETE", "/v1/objects/projects/p1/subscriptions", ["recipients": ["u1"]])
            #expect(r.json.at("0.recipient.id") == "u1")
            #expect(try await client.request("GET", "/v1/users/u1/subscriptions").json.at("entries")?.arrayValue?.count == 1)
            #expect(try await client.request("GET", "/v1/objects/projects/p1/subscriptions?mode=sideways").status == 422)
        }
    }

    @Test func audiences() async throws {
        try await withServer { _, client in
            var r = try await client.request("POST", "/v1/audiences/beta/members", ["members": [["user": ["id": "u1"]]]])
            #expect(r.status == 404)
            r = try await client.request("POST", "/v1/audiences/beta/members?create_audience=true",
                                         ["members": [["user": ["id": "u1", "name": "Ada"]], ["user": ["id": "u1"], "tenant": "acme"]]])
            #expect(r.status == 204)
            r = try await client.request("GET", "/v1/audiences/beta/members")
            #expect(r.json.at("entries")?.arrayValue?.count == 2)
            #expect(r.json.at("entries.0.__typename") == "AudienceMember")
            #expect(r.json.at("entries.0.user.name") == "Ada")
            #expect(r.json.at("entries.1.tenant") == "acme")
            r = try await client.request("DELETE", "/v1/audiences/beta/members", ["members": [["user": ["id": "u1"], "tenant": "acme"]]])
            #expect(r.status == 204)
            #expect(try await client.request("GET", "/v1/audiences/beta/members").json.at("entries")?.arrayValue?.count == 1)
        }
    }

    @Test func schedulesAreStoredAndValidated() async throws {
        try await withServer { _, client in
            var r = try await client.request("POST", "/v1/schedules", ["workflow": "digest", "recipients": ["u1", "u2"],
                "repeats": [["frequency": "weekly", "days": ["mon", "fri"], "hours": 9]], "data": ["k": "v"], "tenant": "acme"])
            #expect(r.status == 200)
            #expect(r.json.arrayValue?.count == 2)
            #expect(r.json.at("0.__typename") == "Schedule")
            #expect(r.json.at("0.recipient.id") == "u1")
            #expect(r.json.at("0.repeats.0.__typename") == "ScheduleRepeat")
            #expect(r.json.at("0.repeats.0.interval") == 1)
            #expect(r.json.at("0.tenant") == "acme")
            let id = try #require(r.json.at("0.id")?.stringValue)
            #expect(try await client.request("POST", "/v1/schedules", ["workflow": "digest", "recipients": ["u1"], "repeats": [["frequency": "yearly"]]]).status == 422)
            #expect(try await client.request("POST", "/v1/schedules", ["workflow": "digest", "recipients": ["u1"]]).status == 422)
            r = try await client.request("POST", "/v1/schedules", ["workflow": "once", "recipients": ["u1"], "scheduled_at": "2030-01-01T00:00:00Z"])
            #expect(r.json.at("0.next_occurrence_at") == "2030-01-01T00:00:00.000000Z")
            r = try await client.request("PUT", "/v1/schedules", ["schedule_ids": [.string(id)], "data": ["k": "changed"]])
            #expect(r.json.at("0.data.k") == "changed")
            r = try await client.request("GET", "/v1/schedules?workflow=digest")
            #expect(r.json.at("entries")?.arrayValue?.count == 2)
            r = try await client.request("GET", "/v1/schedules?workflow=digest&recipients[]=u2")
            #expect(r.json.at("entries")?.arrayValue?.count == 1)
            r = try await client.request("GET", "/v1/users/u1/schedules")
            #expect(r.json.at("entries")?.arrayValue?.count == 2)
            r = try await client.request("DELETE", "/v1/schedules", ["schedule_ids": [.string(id)]])
            #expect(r.json.at("0.id")?.stringValue == id)
            #expect(try await client.request("GET", "/v1/users/u1/schedules").json.at("entries")?.arrayValue?.count == 1)
        }
    }
}
