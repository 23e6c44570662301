import Foundation
import KnockCore
import KnockEngine

/// The query parameters the message lists (§4.8) and the feed (§5.1) read alike: `source`,
/// `workflow_categories`, `trigger_data` and the `inserted_at` range. An empty value counts as
/// not given, in both.
enum MessageFilters {
    /// - Parameter flatTriggerData: the feed takes only scalar `trigger_data` values (§5.1).
    static func read(_ call: Call, into q: inout MessageQuery, flatTriggerData: Bool) throws(EngineError) {
        q.source = value(call, "source")
        q.workflowCategories = call.query.array("workflow_categories")
        if let td = value(call, "trigger_data") {
            guard case .object(let o)? = try? JSON.parse(td) else { throw .invalid("trigger_data", "must be a JSON object") }
            if flatTriggerData, o.contains(where: { _, v in v.isContainer }) {
                throw .invalid("trigger_data", "must be a flat object of scalar values")
            }
            q.triggerData = o
        }
        q.insertedAfter = try date(call, "inserted_at.gt")
        q.insertedAtOrAfter = try date(call, "inserted_at.gte")
        q.insertedBefore = try date(call, "inserted_at.lt")
        q.insertedAtOrBefore = try date(call, "inserted_at.lte")
    }

    static func value(_ call: Call, _ name: String) -> String? {
        guard let v = call.query[name], !v.isEmpty else { return nil }
        return v
    }

    private static func date(_ call: Call, _ name: String) throws(EngineError) -> Date? {
        guard let text = value(call, name) else { return nil }
        guard let d = ConditionTimestamps.parse(text) else { throw .invalid(name, "must be an ISO-8601 timestamp") }
        return d
    }
}

private extension JSON {
    var isContainer: Bool {
        switch self {
        case .object, .array: true
        default: false
        }
    }
}
