import Foundation
import KnockCore
import KnockEngine

/// The messages read API over the runtime: list (with its filters), get, content, events,
/// activities, delivery logs; `workflow_recipient_runs` list and get.
enum MessageRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("messages", "list") { call in
            // Page the records first: only the page's messages are serialized (a run's 1,000 were before).
            let records = call.engine.runtime(call.env).messageRecords(try query(call))
            return .json(offsetPage(records, try call.pageRequest()).map(\.json).listJSON(key: "items"))
        }
        routes.add("messages", "get") { call in
            guard let m = call.engine.runtime(call.env).message(id: call.path("message_id")) else { throw EngineError.notFound("message", id: call.path("message_id")) }
            return .json(m)
        }
        routes.add("messages", "content") { call in
            guard let c = call.engine.runtime(call.env).messageContent(id: call.path("message_id")) else { throw EngineError.notFound("message", id: call.path("message_id")) }
            return .json(c)
        }
        routes.add("messages", "events") { call in
            guard let items = call.engine.runtime(call.env).messageEvents(id: call.path("message_id")) else { throw EngineError.notFound("message", id: call.path("message_id")) }
            return .json(offsetPage(items, try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("messages", "activities") { call in
            guard let items = call.engine.runtime(call.env).messageActivities(id: call.path("message_id")) else { throw EngineError.notFound("message", id: call.path("message_id")) }
            return .json(offsetPage(items, try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("messages", "delivery-logs") { call in
            guard let items = call.engine.runtime(call.env).messageDeliveryLogs(id: call.path("message_id")) else { throw EngineError.notFound("message", id: call.path("message_id")) }
            return .json(offsetPage(items, try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("workflow-recipient-runs", "list") { call in
            var q = RecipientRunQuery()
            q.workflow = call.query["workflow"]
            q.statuses = call.query.array("status")
            q.tenant = call.query["tenant"]
            q.hasErrors = call.query["has_errors"].map { $0 == "true" }
            if let r = call.query["recipient"] { q.recipient = .user(r) }
            if let o = call.query.object("recipient"), let id = o["id"]?.stringValue { q.recipient = RecipientRef(collection: o["collection"]?.stringValue, id: id) }
            q.startingAt = call.query["starting_at"].flatMap(ConditionTimestamps.parse)
            q.endingAt = call.query["ending_at"].flatMap(ConditionTimestamps.parse)
            let items = call.engine.runtime(call.env).recipientRuns(q)
            return .json(offsetPage(items, try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("workflow-recipient-runs", "get") { call in
            let id = call.path("id")
            guard let run = call.engine.runtime(call.env).recipientRun(id: id) else { throw EngineError.notFound("workflow recipient run", id: id) }
            return .json(run)
        }
    }

    static func query(_ call: Call) throws -> MessageQuery {
        var q = MessageQuery()
        q.statuses = call.query.array("status")
        q.engagementStatuses = call.query.array("engagement_status")
        q.channelID = call.query["channel_id"]
        q.source = call.query["source"]
        q.tenant = call.query["tenant"]
        q.workflowRunID = call.query["workflow_run_id"]
        q.workflowRecipientRunID = call.query["workflow_recipient_run_id"]
        q.messageIDs = call.query.array("message_ids")
        q.workflowCategories = call.query.array("workflow_categories")
        if let td = call.query["trigger_data"] {
            guard case .object(let o)? = try? JSON.parse(td) else { throw EngineError.invalid("trigger_data", "must be a JSON object") }
            q.triggerData = o
        }
        func date(_ name: String) throws -> Date? {
            guard let text = call.query[name] else { return nil }
            guard let d = ConditionTimestamps.parse(text) else { throw EngineError.invalid(name, "must be an ISO-8601 timestamp") }
            return d
        }
        q.insertedAfter = try date("inserted_at.gt")
        q.insertedAtOrAfter = try date("inserted_at.gte")
        q.insertedBefore = try date("inserted_at.lt")
        q.insertedAtOrBefore = try date("inserted_at.lte")
        return q
    }
}
