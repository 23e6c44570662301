import Foundation
import KnockCore

/// How messages, events, activities and outbox entries are written to SQLite `doc` columns and
/// read back. Separate from the API shapes (`json`): the stored form keeps what the API form
/// drops or renders (raw dates as microseconds, the channel's provider, recipient references).
///
/// ```swift
/// let doc = record.storageText
/// MessageRecord(storage: try JSON.parse(doc)) == record   // up to microsecond rounding
/// ```
enum StoredTime {
    static func encode(_ d: Date) -> JSON { .int(Int((d.timeIntervalSince1970 * 1_000_000).rounded())) }
    static func encode(_ d: Date?) -> JSON { d.map(encode) ?? .null }
    static func decode(_ j: JSON?) -> Date? { j?.intValue.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) } }
}

extension MessageRecord {
    /// The stored document, written field by field (every message passes here).
    var storageText: String {
        var w = JSONObjectWriter(capacity: 1024)
        w.string("id", id)
        w.object("channel") { c in
            c.string("id", channel.idText)
            c.string("key", channel.key)
            c.string("type", channel.type.rawValue)
            c.string("provider", channel.provider)
            c.string("name", channel.name)
        }
        w.json("recipient", recipient.reference)
        w.json("actors", .array(actors.map(\.reference)))
        w.string("workflow", workflowKey)
        w.string("version_id", versionID)
        w.strings("categories", categories)
        w.string("step_ref", stepRef)
        w.string("workflow_run_id", workflowRunID)
        w.string("workflow_recipient_run_id", workflowRecipientRunID)
        w.string("tenant", tenant)
        w.string("status", status.rawValue)
        w.object("engagement") { e in
            for k in Self.engagementOrder { if let d = engagement[k] { e.json(k, StoredTime.encode(d)) } }
        }
        w.json("inserted_at", StoredTime.encode(insertedAt))
        w.json("updated_at", StoredTime.encode(updatedAt))
        w.json("scheduled_at", StoredTime.encode(scheduledAt))
        w.json("data", data)
        w.json("metadata", metadata.map(JSON.object) ?? .null)
        w.json("recipient_snapshot", recipientSnapshot ?? .null)
        w.strings("activity_ids", activityIDs)
        return w.finish()
    }

    init?(storage j: JSON) {
        guard let id = j["id"]?.stringValue, let c = j["channel"], let channelID = c["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let key = c["key"]?.stringValue, let type = c["type"]?.stringValue.flatMap(ChannelType.init(rawValue:)),
              let recipient = j["recipient"].flatMap(RecipientRef.init(reference:)),
              let status = j["status"]?.stringValue.flatMap(MessageDeliveryStatus.init(rawValue:)),
              let insertedAt = StoredTime.decode(j["inserted_at"]) else { return nil }
        var engagement: [String: Date] = [:]
        for (k, v) in j["engagement"]?.objectValue ?? [:] { engagement[k] = StoredTime.decode(v) }
        func string(_ k: String) -> String { j[k]?.stringValue ?? "" }
        self.init(
            id: id, channel: Channel(id: channelID, key: key, type: type, provider: c["provider"]?.stringValue, name: c["name"]?.stringValue, origin: .inferred),
            recipient: recipient, actors: (j["actors"]?.arrayValue ?? []).compactMap(RecipientRef.init(reference:)),
            workflowKey: string("workflow"), versionID: string("version_id"), categories: (j["categories"]?.arrayValue ?? []).compactMap(\.stringValue),
            stepRef: string("step_ref"), workflowRunID: string("workflow_run_id"), workflowRecipientRunID: string("workflow_recipient_run_id"),
            tenant: j["tenant"]?.stringValue, status: status, engagement: engagement, insertedAt: insertedAt,
            updatedAt: StoredTime.decode(j["updated_at"]) ?? insertedAt, scheduledAt: StoredTime.decode(j["scheduled_at"]),
            data: j["data"] ?? .null, metadata: j["metadata"]?.objectValue, recipientSnapshot: j["recipient_snapshot"].flatMap { $0 == .null ? nil : $0 },
            activityIDs: (j["activity_ids"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}

extension MessageEventRecord {
    var storageText: String {
        var w = JSONObjectWriter(capacity: 256)
        w.string("id", id)
        w.string("message_id", messageID)
        w.string("type", type)
        w.json("recipient", recipient.reference)
        w.json("data", data.map(JSON.object) ?? .null)
        w.json("inserted_at", StoredTime.encode(insertedAt))
        return w.finish()
    }

    init?(storage j: JSON) {
        guard let id = j["id"]?.stringValue, let messageID = j["message_id"]?.stringValue, let type = j["type"]?.stringValue,
              let recipient = j["recipient"].flatMap(RecipientRef.init(reference:)), let at = StoredTime.decode(j["inserted_at"]) else { return nil }
        self.init(id: id, messageID: messageID, type: type, recipient: recipient, data: j["data"]?.objectValue, insertedAt: at)
    }
}

extension ActivityRecord {
    var storageText: String {
        var w = JSONObjectWriter(capacity: 512)
        w.string("id", id)
        w.json("recipient", recipient)
        w.json("actor", actor)
        w.json("actor_ref", actorRef?.reference ?? .null)
        w.json("data", data)
        w.json("inserted_at", StoredTime.encode(insertedAt))
        return w.finish()
    }

    init?(storage j: JSON) {
        guard let id = j["id"]?.stringValue, let at = StoredTime.decode(j["inserted_at"]) else { return nil }
        self.init(id: id, recipient: j["recipient"] ?? .null, actor: j["actor"] ?? .null,
                  actorRef: j["actor_ref"].flatMap(RecipientRef.init(reference:)), data: j["data"] ?? .null, insertedAt: at)
    }
}

extension OutboxEntry {
    var storageText: String {
        var w = JSONObjectWriter(capacity: 512)
        w.string("message_id", messageID)
        w.string("channel_id", channelID.uuidString)
        w.string("channel_key", channelKey)
        w.string("channel_type", channelType.rawValue)
        w.string("provider", provider)
        w.strings("to", to)
        w.string("subject", summary.subject)
        w.string("title", summary.title)
        w.string("text", summary.text)
        w.string("workflow", workflowKey)
        w.json("recipient", recipient)
        w.json("inserted_at", StoredTime.encode(insertedAt))
        w.string("status", status.rawValue)
        w.int("attempts", attempts)
        return w.finish()
    }

    init?(storage j: JSON) {
        guard let messageID = j["message_id"]?.stringValue, let channelID = j["channel_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let type = j["channel_type"]?.stringValue.flatMap(ChannelType.init(rawValue:)),
              let status = j["status"]?.stringValue.flatMap(MessageDeliveryStatus.init(rawValue:)),
              let at = StoredTime.decode(j["inserted_at"]) else { return nil }
        self.init(messageID: messageID, channelID: channelID, channelKey: j["channel_key"]?.stringValue ?? "", channelType: type,
                  provider: j["provider"]?.stringValue ?? "", to: (j["to"]?.arrayValue ?? []).compactMap(\.stringValue),
                  summary: Summary(subject: j["subject"]?.stringValue, title: j["title"]?.stringValue, text: j["text"]?.stringValue ?? ""),
                  workflowKey: j["workflow"]?.stringValue, recipient: j["recipient"] ?? .null, insertedAt: at, status: status,
                  attempts: j["attempts"]?.intValue ?? 1)
    }
}
