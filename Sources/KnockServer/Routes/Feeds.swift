import Foundation
import KnockCore
import KnockEngine

/// `GET /v1/users/{user_id}/feeds/{id}` (§5.1): a user's in-app feed with its badge counts.
enum FeedRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("feeds", "get") { call in
            let runtime = call.engine.runtime(call.env)
            let channelParam = call.path("id")
            guard let channel = runtime.channels.channel(idOrKey: channelParam) else { throw EngineError.notFound("channel", id: channelParam) }
            let query = try feedQuery(call, channelID: channel.idText)
            return .json(runtime.feed(query, page: try call.pageRequest()))
        }
    }

    static func feedQuery(_ call: Call, channelID: String) throws(EngineError) -> FeedQuery {
        var f = FeedQuery(userID: call.path("user_id"), channelID: channelID)
        func word(_ name: String, _ allowed: [String]) throws(EngineError) -> String? {
            guard let v = call.query[name], !v.isEmpty else { return nil }
            guard allowed.contains(v) else { throw .invalid(name, "must be one of \(allowed.joined(separator: ", "))") }
            return v
        }
        f.status = try word("status", FeedQuery.statuses)
        if let a = try word("archived", ["exclude", "include", "only"]) { f.filters.archived = MessageQuery.ArchivedFilter(rawValue: a) ?? .exclude }
        f.compact = try word("mode", ["compact", "rich"]) == "compact"
        let hasTenant = try word("has_tenant", ["true", "false"]).map { $0 == "true" }
        f.setTenant(MessageFilters.value(call, "tenant"), hasTenant: hasTenant)
        try MessageFilters.read(call, into: &f.filters, flatTriggerData: true)
        if let ex = call.query["exclude"], !ex.isEmpty {
            f.exclude = ex.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).split(separator: ".").map(String.init) }
                .filter { !$0.isEmpty && $0.count <= 3 }
        }
        return f
    }
}
