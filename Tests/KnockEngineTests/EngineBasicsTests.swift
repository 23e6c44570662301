import KnockCore
import KnockEngine
import Testing

@Suite struct EngineBasicsTests {
    @Test func timestampsFormatAndParseWithMicroseconds() {
        let t = Timestamp(microseconds: 1_700_000_000_123_456)
        #expect(t.iso8601 == "2023-11-14T22:13:20.123456Z")
        #expect(Timestamp(iso8601: "2023-11-14T22:13:20.123456Z") == t)
        #expect(Timestamp(iso8601: "2023-11-14T23:13:20.123456+01:00") == t)
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59.5Z")?.iso8601 == "1969-12-31T23:59:59.500000Z")
        #expect(Timestamp(microseconds: 0).iso8601 == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(iso8601: "0999-01-02T03:04:05.000007Z")?.iso8601 == "0999-01-02T03:04:05.000007Z")
        #expect(Timestamp(iso8601: "2024-02-30Tbad") == nil)
        #expect(Timestamp(iso8601: "yesterday") == nil)
    }

    @Test func engineWorksWithoutSockets() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "t")
        _ = try engine.identifyUser(env, id: "u1", body: ["a": ["x": 1]])
        let u = try engine.identifyUser(env, id: "u1", body: ["a": ["y": 2]])
        #expect(u["a"] == ["x": 1, "y": 2])
        let page = try engine.listUsers(env, page: PageRequest(pageSize: 1))
        #expect(page.entries.count == 1)
        #expect(page.after == nil)
    }
}
