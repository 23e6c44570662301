import Foundation
import KnockCore

/// `POST /v1/channels/{channel_id}/messages/bulk/{action}` (§4.9): the messages of a channel
/// matching the body's filters are chosen when the request arrives, then changed by the bulk
/// worker like every other bulk operation (`queued` → `completed`).
///
/// ```swift
/// let op = try engine.bulkUpdateChannelMessages(env, channelID: feed.id.uuidString, action: "read", body: ["user_ids": ["u1"]])
/// op["status"]   // "queued"; every matching message gets read_at once processed
/// ```
extension Engine {
    /// The path's `action` words: the engagement changes, their aliases, and `delete`.
    public static let bulkChannelActions = ["seen", "unseen", "read", "unread", "archived", "unarchived", "interacted", "archive", "unarchive", "delete"]

    public func bulkUpdateChannelMessages(_ env: Environment, channelID: String, action: String, body: JSONObject) throws(EngineError) -> JSON {
        guard Engine.bulkChannelActions.contains(action) else {
            throw .invalid("action", "must be one of \(Engine.bulkChannelActions.joined(separator: ", "))")
        }
        let runtime = runtime(env)
        guard let channel = runtime.channels.channel(idOrKey: channelID) else { throw .notFound("channel", id: channelID) }
        var q = try Self.bulkChannelQuery(body)
        q.channelID = channel.idText
        let ids = runtime.messageIDs(q)
        return try enqueueBulk(env, .channelMessages, items: ids.map(JSON.string), context: ["action": .string(action)], limit: nil)
    }

    /// The body filters; the JS client sends `user_ids` where the spec says `recipient_ids` (§4.9), so both count.
    static func bulkChannelQuery(_ body: JSONObject) throws(EngineError) -> MessageQuery {
        var q = MessageQuery()
        func strings(_ name: String) throws(EngineError) -> [String] {
            guard let v = body[name], v != .null else { return [] }
            guard case .array(let items) = v else { throw .invalid(name, "must be an array of strings") }
            var out: [String] = []
            for item in items {
                guard let s = item.stringValue else { throw .invalid(name, "must be an array of strings") }
                out.append(s)
            }
            return out
        }
        func string(_ name: String, in allowed: [String]? = nil) throws(EngineError) -> String? {
            guard let v = body[name], v != .null else { return nil }
            guard let s = v.stringValue else { throw .invalid(name, "must be a string") }
            if let allowed, !allowed.contains(s) { throw .invalid(name, "must be one of \(allowed.joined(separator: ", "))") }
            return s
        }
        func date(_ name: String) throws(EngineError) -> Date? {
            guard let s = try string(name) else { return nil }
            guard let d = ConditionTimestamps.parse(s) else { throw .invalid(name, "must be an ISO-8601 timestamp") }
            return d
        }
        if let a = try string("archived", in: ["exclude", "include", "only"]) { q.archived = MessageQuery.ArchivedFilter(rawValue: a) ?? .include }
        if let s = try string("delivery_status", in: MessageDeliveryStatus.allCases.map(\.rawValue)) { q.statuses = [s] }
        if let e = try string("engagement_status", in: ["seen", "unseen", "read", "unread", "archived", "unarchived", "link_clicked", "interacted"]) {
            q.engagementStatuses = [e]
        }
        if let v = body["has_tenant"], v != .null {
            guard case .bool(let b) = v else { throw .invalid("has_tenant", "must be a boolean") }
            q.hasTenant = b
        }
        q.insertedAfter = try date("newer_than")
        q.insertedBefore = try date("older_than")
        q.recipientIDs = try strings("recipient_ids") + strings("user_ids")
        q.tenants = try strings("tenants")
        q.sources = try strings("workflows")
        if let td = try string("trigger_data") {
            guard case .object(let o)? = try? JSON.parse(td) else { throw .invalid("trigger_data", "must be a JSON object") }
            q.triggerData = o
        }
        return q
    }

    /// Applies one chunk of a channel bulk update; returns how many messages still existed.
    func applyChannelBulk(_ env: Environment, ids: [String], action: String) -> Int {
        let runtime = runtime(env)
        if action == "delete" {
            let existing = ids.filter { runtime.message(id: $0) != nil }
            runtime.deleteMessages(ids: existing)
            return existing.count
        }
        guard let change = EngagementChange(word: action) else { return 0 }
        return runtime.applyEngagement(change, ids: ids).count
    }
}
