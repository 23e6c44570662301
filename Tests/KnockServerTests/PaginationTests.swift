import KnockCore
import Testing
@testable import KnockServer

@Suite struct PaginationTests {
    @Test func walksForwardAndBackwardWithStableCursors() async throws {
        try await withServer { _, client in
            for i in 0..<7 { _ = try await client.request("PUT", "/v1/users/u\(i)", ["n": .int(i)]) }
            var r = try await client.request("GET", "/v1/users?page_size=3")
            #expect(r.json.at("entries")?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u0", "u1", "u2"])
            #expect(r.json.at("page_info.__typename") == "PageInfo")
            #expect(r.json.at("page_info.before") == .null)
            #expect(r.json.at("page_info.page_size") == 3)
            let after = try #require(r.json.at("page_info.after")?.stringValue)
            // Rows added meanwhile do not shift the next page.
            _ = try await client.request("PUT", "/v1/users/late", [:])
            r = try await client.request("GET", "/v1/users?page_size=3&after=\(after)")
            #expect(r.json.at("entries")?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u3", "u4", "u5"])
            let before = try #require(r.json.at("page_info.before")?.stringValue)
            let after2 = try #require(r.json.at("page_info.after")?.stringValue)
            r = try await client.request("GET", "/v1/users?page_size=3&after=\(after2)")
            #expect(r.json.at("entries")?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u6", "late"])
            #expect(r.json.at("page_info.after") == .null)
            r = try await client.request("GET", "/v1/users?page_size=3&before=\(before)")
            #expect(r.json.at("entries")?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u0", "u1", "u2"])
            #expect(r.json.at("page_info.before") == .null)
            #expect(r.json.at("page_info.after") != .null)
        }
    }

    @Test func defaultsAndBounds() async throws {
        try await withServer { _, client in
            for i in 0..<51 { _ = try await client.request("PUT", "/v1/users/u\(i)", [:]) }
            var r = try await client.request("GET", "/v1/users")
            #expect(r.json.at("entries")?.arrayValue?.count == 50)
            #expect(r.json.at("page_info.page_size") == 50)
            #expect(r.json.at("page_info.after") != .null)
            for bad in ["0", "51", "abc", "-1"] {
                r = try await client.request("GET", "/v1/users?page_size=\(bad)")
                #expect(r.status == 422, "page_size=\(bad)")
            }
            #expect(try await client.request("GET", "/v1/users?after=%%%").status == 422)
            r = try await client.request("GET", "/v1/users?page_size=50&after=czo5OTk5OQ==")
            #expect(r.status == 200)
            #expect(r.json.at("entries")?.arrayValue?.isEmpty == true)
            #expect(r.json.at("page_info.after") == .null)
        }
    }
}
