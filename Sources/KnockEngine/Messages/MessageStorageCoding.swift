import Foundation
import KnockCore

/// How messages, events, activities and outbox entries are written to SQLite `doc` columns and
/// read back. Separate from the API shapes (`json`): the stored form keeps what the API form
/// drops or renders (raw dates as microseconds, the channel's provider, recipient references).
///
/// ```swift
/// let doc = String(decoding: record.storageBytes, as: UTF8.self)
/// MessageRecord(storageText: doc) == record   // up to microsecond rounding
/// ```
enum StoredTime {
    static func encode(_ d: Date) -> JSON { .int(Int((d.timeIntervalSince1970 * 1_000_000).rounded())) }
    static func encode(_ d: Date?) -> JSON { d.map(encode) ?? .null }
    static func decode(_ j: JSON?) -> Date? { j?.intValue.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) } }
}

extension MessageRecord {
    /// The stored document's UTF-8 text, written field by field (every message passes here).
    var storageBytes: [UInt8] {
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
            for k in Self.engagementOrder { if let d = engagement[k] { e.json(named: k, StoredTime.encode(d)) } }
        }
        w.json("inserted_at", StoredTime.encode(insertedAt))
        w.json("updated_at", StoredTime.encode(updatedAt))
        w.json("scheduled_at", StoredTime.encode(scheduledAt))
        w.json("data", data)
        w.json("metadata", metadata.map(JSON.object) ?? .null)
        w.json("recipient_snapshot", recipientSnapshot ?? .null)
        w.strings("activity_ids", activityIDs)
        return w.finishBytes()
    }

    /// Reads `storageBytes` back field by field (`JSON.readFields`): every message of a feed or
    /// list page passes here, and building the whole document as a `JSON` object first, then
    /// looking its fields up, cost twice the read. Nil when a required field is missing.
    init?(storageText text: String) {
        var id: String?, channel: Channel?, recipient: RecipientRef?, status: MessageDeliveryStatus?, insertedAt: Date?
        var actors: [RecipientRef] = [], categories: [String] = [], activityIDs: [String] = []
        var workflowKey = "", versionID = "", stepRef = "", workflowRunID = "", workflowRecipientRunID = ""
        var tenant: String?, updatedAt: Date?, scheduledAt: Date?, engagement: [String: Date] = [:]
        var data = JSON.null, metadata: JSONObject?, recipientSnapshot: JSON?
        func micros(_ field: inout JSONFieldReader) throws(JSONParseError) -> Date? { StoredTime.decode(try field.value()) }
        do {
            try JSON.readFields(text) { key, field throws(JSONParseError) in
                switch key {
                case "id": id = try field.string()
                case "channel": channel = try Self.storedChannel(&field)
                case "recipient": recipient = RecipientRef(reference: try field.value())
                case "actors": actors = (try field.value().arrayValue ?? []).compactMap(RecipientRef.init(reference:))
                case "workflow": workflowKey = try field.string() ?? ""
                case "version_id": versionID = try field.string() ?? ""
                case "categories": categories = (try field.value().arrayValue ?? []).compactMap(\.stringValue)
                case "step_ref": stepRef = try field.string() ?? ""
                case "workflow_run_id": workflowRunID = try field.string() ?? ""
                case "workflow_recipient_run_id": workflowRecipientRunID = try field.string() ?? ""
                case "tenant": tenant = try field.string()
                case "status": status = try field.string().flatMap(MessageDeliveryStatus.init(rawValue:))
                case "engagement":
                    try field.fields { kind, time throws(JSONParseError) in engagement[kind] = try micros(&time) }
                case "inserted_at": insertedAt = try micros(&field)
                case "updated_at": updatedAt = try micros(&field)
                case "scheduled_at": scheduledAt = try micros(&field)
                case "data": data = try field.value()
                case "metadata": metadata = try field.value().objectValue
                case "recipient_snapshot": recipientSnapshot = try field.value()
                case "activity_ids": activityIDs = (try field.value().arrayValue ?? []).compactMap(\.stringValue)
                default: break
                }
            }
        } catch { return nil }
        guard let id, let channel, let recipient, let status, let insertedAt else { return nil }
        self.init(
            id: id, channel: channel, recipient: recipient, actors: actors, workflowKey: workflowKey, versionID: versionID,
            categories: categories, stepRef: stepRef, workflowRunID: workflowRunID, workflowRecipientRunID: workflowRecipientRunID,
            tenant: tenant, status: status, engagement: engagement, insertedAt: insertedAt, updatedAt: updatedAt ?? insertedAt,
            scheduledAt: scheduledAt, data: data, metadata: metadata, recipientSnapshot: recipientSnapshot == .null ? nil : recipientSnapshot,
            activityIDs: activityIDs)
    }

    /// The stored `channel` object: id, key and type required.
    private static func storedChannel(_ field: inout JSONFieldReader) throws(JSONParseError) -> Channel? {
        var id: String?, key: String?, type: ChannelType?, provider: String?, name: String?
        try field.fields { k, v throws(JSONParseError) in
            switch k {
            case "id": id = try v.string()
            case "key": key = try v.string()
            case "type": type = try v.string().flatMap(ChannelType.init(rawValue:))
            case "provider": provider = try v.string()
            case "name": name = try v.string()
            default: break
            }
        }
        guard let id, let key, let type else { return nil }
        return Channel(storedID: id, key: key, type: type, provider: provider, name: name)
    }
}

extension MessageEventRecord {
    var storageBytes: [UInt8] {
        var w = JSONObjectWriter(capacity: 256)
        w.string("id", id)
        w.string("message_id", messageID)
        w.string("type", type)
        w.json("recipient", recipient.reference)
        w.json("data", data.map(JSON.object) ?? .null)
        w.json("inserted_at", StoredTime.encode(insertedAt))
        return w.finishBytes()
    }

    init?(storage j: JSON) {
        guard let id = j["id"]?.stringValue, let messageID = j["message_id"]?.stringValue, let type = j["type"]?.stringValue,
              let recipient = j["recipient"].flatMap(RecipientRef.init(reference:)), let at = StoredTime.decode(j["inserted_at"]) else { return nil }
        self.init(id: id, messageID: messageID, type: type, recipient: recipient, data: j["data"]?.objectValue, insertedAt: at)
    }
}

extension ActivityRecord {
    var storageBytes: [UInt8] {
        var w = JSONObjectWriter(capacity: 512)
        w.string("id", id)
        w.json("recipient", recipient)
        w.json("actor", actor)
        w.json("actor_ref", actorRef?.reference ?? .null)
        w.json("data", data)
        w.json("inserted_at", StoredTime.encode(insertedAt))
        return w.finishBytes()
    }

    init?(storage j: JSON) {
        guard let id = j["id"]?.stringValue, let at = StoredTime.decode(j["inserted_at"]) else { return nil }
        self.init(id: id, recipient: j["recipient"] ?? .null, actor: j["actor"] ?? .null,
                  actorRef: j["actor_ref"].flatMap(RecipientRef.init(reference:)), data: j["data"] ?? .null, insertedAt: at)
    }
}

extension OutboxEntry {
    var storageBytes: [UInt8] {
        var w = JSONObjectWriter(capacity: 512)
        w.string("message_id", messageID)
        w.string("channel_id", UUIDText.lowercased(channelID))
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
        return w.finishBytes()
    }

    init?(storage j: JSON) {
        guard let messageID = j["message_id"]?.stringValue, let channelID = j["channel_id"]?.stringValue.flatMap(UUIDText.parse),
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
