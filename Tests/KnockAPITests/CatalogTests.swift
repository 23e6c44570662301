import Testing
@testable import KnockAPI

@Suite struct CatalogTests {
    /// Every line of the seed endpoint list has exactly one catalog entry with the same method and path.
    @Test func coversTheSeedEndpointList() throws {
        let tsv = try String(contentsOfFile: seedPath(), encoding: .utf8)
        var seen = 0
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let f = line.split(separator: "\t").map(String.init)
            let entry = try #require(Catalog.endpoint(f[0], f[1]), "no catalog entry for \(f[0]) \(f[1])")
            #expect(entry.method.rawValue == f[2])
            #expect(entry.path == f[3])
            seen += 1
        }
        #expect(seen == 75)
        #expect(Set(Catalog.endpoints.map(\.id)).count == Catalog.endpoints.count, "duplicate command names")
    }

    @Test func pathParametersComeFromTheTemplate() {
        #expect(Catalog.endpoint("channel-data", "set-for-object")?.pathParameters == ["collection", "object_id", "channel_id"])
        #expect(Catalog.endpoint("users", "list")?.pathParameters == [])
    }

    func seedPath() -> String {
        // spec/ holds the reference copies of Knock's endpoint list and OpenAPI spec.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent("spec/seed-endpoints.tsv").path
    }
}

import Foundation
