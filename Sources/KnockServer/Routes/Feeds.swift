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
            let query = try feedQuery(call, channelID: channel.id.uuidString.lowercased())
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
        func date(_ name: String) throws(EngineError) -> Date? {
            guard let text = call.query[name], !text.isEmpty else { return nil }
            guard let d = ConditionTimestamps.parse(text) else { throw .invalid(name, "must be an ISO-8601 timestamp") }
            return d
        }
        f.status = try word("status", FeedQuery.statuses)
        if let a = try word("archived", ["exclude", "include", "only"]) { f.archived = MessageQuery.ArchivedFilter(rawValue: a) ?? .exclude }
        f.compact = try word("mode", ["compact", "rich"]) == "compact"
        if let b = try word("has_tenant", ["true", "false"]) { f.hasTenant = b == "true" }
        f.tenant = call.query["tenant"].flatMap { $0.isEmpty ? nil : $0 }
        f.source = call.query["source"].flatMap { $0.isEmpty ? nil : $0 }
        f.workflowCategories = call.query.array("workflow_categories")
        if let td = call.query["trigger_data"], !td.isEmpty {
            guard case .object(let o)? = try? JSON.parse(td) else { throw .invalid("trigger_data", "must be a JSON object") }
            // Only flat key/values filter a feed (§5.1); nested values are refused.
            for (_, v) in o {
                switch v {
                case .object, .array: throw .invalid("trigger_data", "must be a flat object of scalar values")
                default: continue
                }
            }
            f.triggerData = o
        }
        f.insertedAfter = try date("inserted_at.gt")
        f.insertedAtOrAfter = try date("inserted_at.gte")
        f.insertedBefore = try date("inserted_at.lt")
        f.insertedAtOrBefore = try date("inserted_at.lte")
        if let ex = call.query["exclude"], !ex.isEmpty {
            f.exclude = ex.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).split(separator: ".").map(String.init) }
                .filter { !$0.isEmpty && $0.count <= 3 }
        }
        return f
    }
}
