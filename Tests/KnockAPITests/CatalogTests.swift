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

@Suite struct CatalogDetailsTests {
    @Test func everyEndpointHasASummaryAndEveryKnockEndpointATier() {
        for e in Catalog.endpoints {
            #expect(!e.summary.isEmpty, "\(e.id) has no summary")
            #expect(!e.summary.contains("\n"), "\(e.id) summary is not one line")
            if e.scope == .knock { #expect(e.rateTier != nil, "\(e.id) has no tier") }
        }
        #expect(Catalog.endpoints.count == 75 + 2 + 12)
    }

    @Test func workflowRecipientRunsAndLocalEngineEntries() {
        #expect(Catalog.endpoint("workflow-recipient-runs", "get")?.path == "/v1/workflow_recipient_runs/{id}")
        #expect(Catalog.endpoint("workflow-recipient-runs", "list")?.isPaginated == true)
        let local: [(String, String, HTTPMethod, String)] = [
            ("environments", "create", .post, "/_admin/environments"),
            ("environments", "delete", .delete, "/_admin/environments/{id}"),
            ("clock", "now", .get, "/_admin/clock"),
            ("clock", "advance", .post, "/_admin/clock/advance"),
            ("clock", "freeze", .post, "/_admin/clock/freeze"),
            ("clock", "unfreeze", .post, "/_admin/clock/unfreeze"),
            ("outbox", "list", .get, "/_admin/outbox"),
            ("channels", "list", .get, "/_admin/channels"),
            ("channels", "fail-next", .post, "/_admin/channels/{channel_id}/failures"),
        ]
        for (s, o, m, p) in local {
            let e = Catalog.endpoint(s, o)
            #expect(e?.method == m && e?.path == p && e?.scope == .localEngine, "\(s) \(o)")
        }
        #expect(Catalog.endpoint("outbox", "list")?.queryParameters.map(\.name) == ["channel_type", "to", "workflow", "recipient"])
    }

    @Test func optionNames() {
        let prefs = Catalog.endpoint("preferences", "set-for-user")!
        #expect(prefs.parameter(forOption: "--persistence-strategy")?.name == "__persistence_strategy__")
        let subs = Catalog.endpoint("subscriptions", "list")!
        #expect(subs.parameter(forOption: "--recipients")?.name == "recipients[]")
        #expect(Catalog.endpoint("slack", "channels")!.parameter(forOption: "--query-options.limit")?.name == "query_options.limit")
    }

    @Test func theRouteMatcherFindsEveryCatalogEntryFromAConcretePath() {
        for e in Catalog.endpoints {
            var path = e.path
            for name in e.pathParameters { path = path.replacingOccurrences(of: "{\(name)}", with: "x-\(name)") }
            let match = RouteMatcher.catalog.match(e.method, path)
            #expect(match?.endpoint.id == e.id, "\(e.method.rawValue) \(path) matched \(match?.endpoint.id ?? "nothing")")
            for name in e.pathParameters { #expect(match?.pathParameters[name] == "x-\(name)") }
        }
        // Literal segments win over parameters; path values are decoded.
        #expect(RouteMatcher.catalog.match(.post, "/v1/users/bulk/identify")?.endpoint.id == "users bulk-identify")
        #expect(RouteMatcher.catalog.match(.get, "/v1/messages/batch/content")?.endpoint.id == "messages batch-content")
        #expect(RouteMatcher.catalog.match(.put, "/v1/users/a%2Fb")?.pathParameters["user_id"] == "a/b")
        #expect(RouteMatcher.catalog.match(.put, "/v1/users/ü日😀")?.pathParameters["user_id"] == "ü日😀")
        #expect(RouteMatcher.catalog.match(.put, "//v1//users/u1/")?.pathParameters["user_id"] == "u1")
        #expect(RouteMatcher.catalog.match(.post, "/v1/workflows/e\u{301}/trigger")?.pathParameters["key"] == "e\u{301}")
        #expect(RouteMatcher.catalog.match(.patch, "/v1/users/u1") == nil)
        #expect(RouteMatcher.catalog.match(.get, "/v1/nothing") == nil)
    }

    /// The spec's second paths for the un-mark operations route to the same entries, with the
    /// same path parameter; no other method picks them up.
    @Test func aliasPathsMatchTheirEntry() {
        let aliases: [(String, String)] = [("unseen", "messages unmark-seen"), ("unread", "messages unmark-read"),
                                           ("unarchived", "messages unmark-archived")]
        for (word, id) in aliases {
            let match = RouteMatcher.catalog.match(.delete, "/v1/messages/m%201/\(word)")
            #expect(match?.endpoint.id == id)
            #expect(match?.pathParameters == ["message_id": "m 1"])
            #expect(RouteMatcher.catalog.match(.put, "/v1/messages/m1/\(word)") == nil)
        }
        #expect(Catalog.endpoints.filter { !$0.aliasPaths.isEmpty }.map(\.id).sorted()
                == ["messages unmark-archived", "messages unmark-read", "messages unmark-seen"])
        for e in Catalog.endpoints {
            for alias in e.aliasPaths { #expect(Endpoint.placeholders(alias) == e.pathParameters, "\(e.id) alias \(alias)") }
        }
    }
}
