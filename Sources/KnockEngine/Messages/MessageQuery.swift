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
    /// With `tenant`: also match messages without a tenant (the feed's rule unless `has_tenant=true`).
    public var tenantIncludesUntenanted = false
    /// true: only messages with a tenant; false: only messages without one.
    public var hasTenant: Bool?
    /// Any of these tenants / workflow keys / user ids (the bulk channel update's filters).
    public var tenants: [String] = []
    public var sources: [String] = []
    public var recipientIDs: [String] = []
    public var archived: ArchivedFilter = .include
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

    /// The feed's and bulk update's `archived` parameter.
    public enum ArchivedFilter: String, Sendable, Hashable { case include, exclude, only }

    public func matches(_ m: MessageRecord) -> Bool {
        if let recipient, m.recipient != recipient { return false }
        if !statuses.isEmpty, !statuses.contains(m.status.rawValue) { return false }
        if !engagementStatuses.isEmpty, !engagementStatuses.contains(where: { Self.engagement($0, m) }) { return false }
        if let channelID, m.channel.idText != channelID.lowercased(), m.channel.key != channelID { return false }
        if let source, m.workflowKey != source { return false }
        if let tenant, m.tenant != tenant, !(tenantIncludesUntenanted && m.tenant == nil) { return false }
        if let hasTenant, (m.tenant != nil) != hasTenant { return false }
        if !tenants.isEmpty, !tenants.contains(where: { $0 == m.tenant }) { return false }
        if !sources.isEmpty, !sources.contains(m.workflowKey) { return false }
        if !recipientIDs.isEmpty, !recipientIDs.contains(m.recipient.id) { return false }
        switch archived {
        case .include: break
        case .exclude: if m.engagement["archived"] != nil { return false }
        case .only: if m.engagement["archived"] == nil { return false }
        }
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
        onExecutor { messages.allMessages(query).map(\.json) }
    }

    /// One page of `listMessages`.
    public func listMessages(_ query: MessageQuery, page: PageRequest) -> Page<JSON> {
        onExecutor { messages.messages(query, page: page).map { $0.record.json } }
    }

    public func messageRecords(_ query: MessageQuery) -> [MessageRecord] {
        onExecutor { messages.allMessages(query) }
    }

    public func message(id: String) -> JSON? { onExecutor { messages.message(id: id)?.json } }

    /// `MessageContents`.
    public func messageContent(id: String) -> JSON? { onExecutor { messages.contents(messageID: id) } }

    /// `MessageContents` of each id that exists, in the order asked (batch content).
    public func messageContents(ids: [String]) -> [JSON] {
        onExecutor {
            let found = messages.contents(messageIDs: ids)
            return ids.compactMap { found[$0] }
        }
    }

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
        onExecutor {
            messages.message(id: id).map { m in
                let found = messages.activities(ids: m.activityIDs)
                return m.activityIDs.compactMap { found[$0]?.json }
            }
        }
    }
}
