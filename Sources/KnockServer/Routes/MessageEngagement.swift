import KnockCore
import KnockEngine

/// Engagement writes (§4.3): mark and unmark one message, the batch forms, and the bulk channel
/// update (a `BulkOperation`). Each answers the updated `Message`(s).
enum MessageEngagementRoutes {
    static func register(_ routes: inout RouteTable) {
        for (operation, word) in [("mark-seen", "seen"), ("mark-read", "read"), ("mark-archived", "archived"),
                                  ("unmark-seen", "unseen"), ("unmark-read", "unread"), ("unmark-archived", "unarchived")] {
            routes.add("messages", operation) { call in try one(call, EngagementChange(word: word)!, metadata: nil) }
        }
        routes.add("messages", "mark-interacted") { call in
            let metadata = try WorkflowRuntime.validateInteractionMetadata(try call.bodyObject()["metadata"])
            return try one(call, .set("interacted"), metadata: metadata)
        }
        for word in EngagementChange.batchWords {
            routes.add("messages", "batch-\(word)") { call in
                let body = try call.bodyObject()
                let ids = try messageIDs(body)
                let metadata = word == "interacted" ? try WorkflowRuntime.validateInteractionMetadata(body["metadata"]) : nil
                let runtime = call.engine.runtime(call.env)
                // The dedupe limit (with --rate-limits): messages changed under a second ago come back unchanged.
                let (admitted, limited) = call.dedupe("message_ids", ids)
                let changed = runtime.applyEngagement(EngagementChange(word: word)!, ids: admitted, metadata: metadata, recipient: tokenUser(call))
                guard !limited.isEmpty else { return .json(.array(changed)) }
                let user = tokenUser(call)?.id
                let unchanged = limited.compactMap { runtime.message(id: $0) }.filter { user == nil || $0["recipient"]?.stringValue == user }
                return Reply(status: 200, body: .array(changed + unchanged), headers: Call.ratelimitedHeader("message_ids", limited))
            }
        }
        routes.add("messages", "bulk-channel-status") { call in
            var body = try call.bodyObject()
            if let user = tokenUser(call) {
                // A user token changes only its own user's messages.
                body["recipient_ids"] = [.string(user.id)]
                body["user_ids"] = nil
            }
            return .json(try call.engine.bulkUpdateChannelMessages(call.env, channelID: call.path("channel_id"), action: call.path("action"), body: body))
        }
    }

    static func one(_ call: Call, _ change: EngagementChange, metadata: JSONObject?) throws -> Reply {
        let id = call.path("message_id")
        guard let message = call.engine.runtime(call.env).applyEngagement(change, ids: [id], metadata: metadata, recipient: tokenUser(call)).first else {
            throw EngineError.notFound("message", id: id)
        }
        return .json(message)
    }

    /// The user a verified user token names (enhanced security): the only recipient it may change.
    static func tokenUser(_ call: Call) -> RecipientRef? {
        if case .publishableKey(let user?) = call.principal { return .user(user) }
        return nil
    }

    /// `message_ids`: required, strings, at most 1,000.
    static func messageIDs(_ body: JSONObject) throws(EngineError) -> [String] {
        guard case .array(let items)? = body["message_ids"] else { throw .invalid("message_ids", "is required and must be an array") }
        if items.count > 1000 { throw .invalid("message_ids", "must have at most 1000 entries") }
        var ids: [String] = []
        for item in items {
            guard let id = item.stringValue else { throw .invalid("message_ids", "must be an array of strings") }
            ids.append(id)
        }
        return ids
    }
}
