import Foundation
import KnockCore

/// The filters of `GET /v1/messages` and the per-recipient message lists (§4.8). Every set
/// filter must hold; list filters match any of their values.
///
/// ```swift
/// var q = MessageQuery()
/// q.workflowRunID = reply.workflowRunID
/// q.statuses = ["delivered"]
/// runtime.listMessages(q)   // newest first
/// ```
public struct MessageQuery: Sendable, Hashable {
    public var recipient: RecipientRef?
    public var statuses: [String] = []
    /// `seen`, `unseen`, `read`, `unread`, `archived`, `unarchived`, `interacted`, `link_clicked` (any of).
    public var engagementStatuses: [String] = []
    /// A channel UUID (or, locally, a key).
    public var channelID: String?
    /// Workflow key.
    public var source: String?
    public var tenant: String?
    public var workflowRunID: String?
    public var workflowRecipientRunID: String?
    public var messageIDs: [String] = []
    public var workflowCategories: [String] = []
    /// Flat object every key of which must equal the message's filterable data.
    public var triggerData: JSONObject?
    public var insertedAfter: Date?
    public var insertedAtOrAfter: Date?
    public var insertedBefore: Date?
    public var insertedAtOrBefore: Date?

    public init() {}

    public func matches(_ m: MessageRecord) -> Bool {
        if let recipient, m.recipient != recipient { return false }
        if !statuses.isEmpty, !statuses.contains(m.status.rawValue) { return false }
        if !engagementStatuses.isEmpty, !engagementStatuses.contains(where: { Self.engagement($0, m) }) { return false }
        if let channelID, m.channel.id.uuidString.lowercased() != channelID.lowercased(), m.channel.key != channelID { return false }
        if let source, m.workflowKey != source { return false }
        if let tenant, m.tenant != tenant { return false }
        if let workflowRunID, m.workflowRunID != workflowRunID { return false }
        if let workflowRecipientRunID, m.workflowRecipientRunID != workflowRecipientRunID { return false }
        if !messageIDs.isEmpty, !messageIDs.contains(m.id) { return false }
        if !workflowCategories.isEmpty, !workflowCategories.contains(where: m.categories.contains) { return false }
        if let triggerData {
            let data = m.filterableData
            for (k, v) in triggerData {
                guard let have = data[k], Self.equal(have, v) else { return false }
            }
        }
        if let t = insertedAfter, !(m.insertedAt > t) { return false }
        if let t = insertedAtOrAfter, !(m.insertedAt >= t) { return false }
        if let t = insertedBefore, !(m.insertedAt < t) { return false }
        if let t = insertedAtOrBefore, !(m.insertedAt <= t) { return false }
        return true
    }

    static func engagement(_ name: String, _ m: MessageRecord) -> Bool {
        if name.hasPrefix("un") { return m.engagement[String(name.dropFirst(2))] == nil }
        return m.engagement[name] != nil
    }

    /// Numbers compare by value; a string filter value matches its number form too (query strings are text).
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        if case .string(let s) = b, a.stringValue == nil { return a.serialized() == s }
        return a == b
    }
}

/// The messages read API over the store; reads wait for triggers already accepted.
extension WorkflowRuntime {
    /// Messages matching `query`, newest first, as `Message` JSON.
    public func listMessages(_ query: MessageQuery) -> [JSON] {
        onExecutor { messages.allMessages().reversed().filter(query.matches).map(\.json) }
    }

    public func messageRecords(_ query: MessageQuery) -> [MessageRecord] {
        onExecutor { messages.allMessages().reversed().filter(query.matches) }
    }

    public func message(id: String) -> JSON? { onExecutor { messages.message(id: id)?.json } }

    /// `MessageContents`.
    public func messageContent(id: String) -> JSON? { onExecutor { messages.contents(messageID: id) } }

    /// `MessageDeliveryLog`s, newest first.
    public func messageDeliveryLogs(id: String) -> [JSON]? {
        onExecutor { messages.message(id: id) == nil ? nil : messages.deliveryLogs(messageID: id).reversed() }
    }

    /// `MessageEvent`s, newest first.
    public func messageEvents(id: String) -> [JSON]? {
        onExecutor { messages.message(id: id) == nil ? nil : messages.events(messageID: id).reversed().map(\.json) }
    }

    /// `Activity` records behind a message, oldest first.
    public func messageActivities(id: String) -> [JSON]? {
        onExecutor { messages.message(id: id).map { $0.activityIDs.compactMap { messages.activity(id: $0)?.json } } }
    }
}
