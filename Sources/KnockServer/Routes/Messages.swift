import Foundation
import KnockCore
import KnockEngine

/// The messages read API over the runtime: list (env-wide, per user, per object, with the same
/// filters), get, content (one and batch), events, activities, delivery logs;
/// `workflow_recipient_runs` list and get. Engagement writes are in `MessageEngagement.swift`.
enum MessageRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("messages", "list") { call in
            .json(call.engine.runtime(call.env).listMessages(try query(call), page: try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("users", "messages") { call in
            var q = try query(call)
            q.recipient = .user(call.path("user_id"))
            return .json(call.engine.runtime(call.env).listMessages(q, page: try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("objects", "messages") { call in
            var q = try query(call)
            q.recipient = RecipientRef(collection: call.path("collection"), id: call.path("id"))
            return .json(call.engine.runtime(call.env).listMessages(q, page: try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("messages", "batch-content") { call in
            let ids = call.query.array("message_ids")
            if ids.isEmpty { throw EngineError.invalid("message_ids", "is required") }
            if ids.count > 50 { throw EngineError.invalid("message_ids", "must have at most 50 entries") }
            return .json(.array(call.engine.runtime(call.env).messageContents(ids: ids)))
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
            return .json(call.engine.runtime(call.env).recipientRuns(q, page: try call.pageRequest()).listJSON(key: "items"))
        }
        routes.add("workflow-recipient-runs", "get") { call in
            let id = call.path("id")
            guard let run = call.engine.runtime(call.env).recipientRun(id: id) else { throw EngineError.notFound("workflow recipient run", id: id) }
            return .json(run)
        }
    }

    static let engagementFilters = ["seen", "unseen", "read", "unread", "archived", "unarchived", "link_clicked", "interacted"]

    static func query(_ call: Call) throws -> MessageQuery {
        var q = MessageQuery()
        q.statuses = call.query.array("status")
        let deliveryStatuses = MessageDeliveryStatus.allCases.map(\.rawValue)
        if let bad = q.statuses.first(where: { !deliveryStatuses.contains($0) }) {
            throw EngineError.invalid("status", "has an unknown delivery status \"\(bad)\"; expected one of \(deliveryStatuses.joined(separator: ", "))")
        }
        q.engagementStatuses = call.query.array("engagement_status")
        if let bad = q.engagementStatuses.first(where: { !engagementFilters.contains($0) }) {
            throw EngineError.invalid("engagement_status", "has an unknown engagement status \"\(bad)\"; expected one of \(engagementFilters.joined(separator: ", "))")
        }
        q.channelID = MessageFilters.value(call, "channel_id")
        q.tenant = MessageFilters.value(call, "tenant")
        q.workflowRunID = MessageFilters.value(call, "workflow_run_id")
        q.workflowRecipientRunID = MessageFilters.value(call, "workflow_recipient_run_id")
        q.messageIDs = call.query.array("message_ids")
        try MessageFilters.read(call, into: &q, flatTriggerData: false)
        return q
    }
}
