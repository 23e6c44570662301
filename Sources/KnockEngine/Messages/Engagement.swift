import Foundation
import KnockCore

/// One engagement change a client asks for (§4.3): set or clear `seen`, `read`, `interacted` or
/// `archived`. Parsed from the status words of the batch and bulk endpoints.
///
/// ```swift
/// EngagementChange(word: "unread")     // .clear("read")
/// EngagementChange(word: "archive")    // .set("archived")  (bulk alias)
/// EngagementChange(word: "link_clicked")   // nil: only Knock's link tracking sets it
/// ```
public enum EngagementChange: Sendable, Hashable {
    case set(String)
    case clear(String)

    /// The words of `POST /v1/messages/batch/{status}`.
    public static let batchWords = ["seen", "unseen", "read", "unread", "interacted", "archived", "unarchived"]

    public init?(word: String) {
        switch word {
        case "seen", "read", "interacted", "archived": self = .set(word)
        case "archive": self = .set("archived")
        case "unseen", "unread", "unarchived": self = .clear(String(word.dropFirst(2)))
        case "unarchive": self = .clear("archived")
        default: return nil
        }
    }

    /// The `MessageEvent` type recorded for the change.
    public var eventType: String {
        switch self {
        case .set(let s): return "message.\(s)"
        case .clear(let s): return "message.un\(s)"
        }
    }
}

extension WorkflowRuntime {
    /// Applies `change` to each existing message among `ids` (in the order given), records a
    /// `MessageEvent` for each, and returns the updated messages. Unknown ids are skipped; re-marking
    /// refreshes the timestamp and records an event again (§4.3 [I]). With `recipient` (a user
    /// token's user), messages of anyone else count as unknown.
    public func applyEngagement(_ change: EngagementChange, ids: [String], metadata: JSONObject? = nil, recipient: RecipientRef? = nil) -> [JSON] {
        onExecutor {
            let now = clock.now
            var updated: [JSON] = []
            for id in ids {
                guard var record = messages.message(id: id) else { continue }
                if let recipient, record.recipient != recipient { continue }
                switch change {
                case .set(let status): record.engagement[status] = now
                case .clear(let status): record.engagement[status] = nil
                }
                record.updatedAt = now
                var data: JSONObject? = nil
                if case .set("interacted") = change, let metadata {
                    data = metadata
                    record.metadata = (record.metadata ?? [:]).merging(metadata) { _, new in new }
                }
                let event = MessageEventRecord(id: KSUID.make(at: now), messageID: id, type: change.eventType,
                                               recipient: record.recipient, data: data, insertedAt: now)
                messages.update(record, logs: [], events: [event])
                updated.append(record.json)
            }
            return updated
        }
    }

    /// Removes messages (the bulk channel update's `delete` action).
    public func deleteMessages(ids: [String]) { onExecutor { messages.delete(messageIDs: ids) } }

    /// Ids of the messages matching `query`, newest first (what a bulk channel update applies to).
    public func messageIDs(_ query: MessageQuery) -> [String] { onExecutor { messages.allMessages(query).map(\.id) } }

    /// Checks interaction `metadata` (§4.3: at most 5 flat key/value pairs).
    public static func validateInteractionMetadata(_ value: JSON?) throws(EngineError) -> JSONObject? {
        guard let value, value != .null else { return nil }
        guard case .object(let o) = value else { throw .invalid("metadata", "must be an object") }
        if o.count > 5 { throw .invalid("metadata", "must have at most 5 keys") }
        for (_, v) in o {
            switch v {
            case .object, .array: throw .invalid("metadata", "values must be strings, numbers, booleans or null")
            default: continue
            }
        }
        return o
    }
}
