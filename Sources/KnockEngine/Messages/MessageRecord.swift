import Foundation
import KnockCore

/// One stored message: everything `Message` (spec §4.1) shows, plus what filters need.
///
/// ```swift
/// let json = record.json   // {"__typename": "Message", "id": …, "channel_id": …, "status": "delivered", …}
/// ```
public struct MessageRecord: Sendable, Hashable {
    public var id: String
    public var channel: Channel
    public var recipient: RecipientRef
    /// Up to 10 actors (batched messages carry several).
    public var actors: [RecipientRef]
    public var workflowKey: String
    public var versionID: String
    public var categories: [String]
    public var stepRef: String
    public var workflowRunID: String
    public var workflowRecipientRunID: String
    public var tenant: String?
    public var status: MessageDeliveryStatus
    /// Engagement status → latest time it was set (`seen`, `read`, `interacted`, `link_clicked`, `archived`).
    public var engagement: [String: Date]
    public var insertedAt: Date
    public var updatedAt: Date
    public var scheduledAt: Date?
    public var data: JSON
    public var metadata: JSONObject?
    public var recipientSnapshot: JSON?
    /// The activities behind the message, oldest first (one unless batched).
    public var activityIDs: [String]
    /// The trigger data filters match (§7.8): scalars only, strings cut to 256 characters.
    public var filterableData: JSON { JSONMerging.flattenedScalars(data) }

    public static let engagementOrder = ["seen", "read", "interacted", "link_clicked", "archived"]

    public var json: JSON {
        func time(_ d: Date?) -> JSON { d.map { .string(ProviderTimestamp.string($0)) } ?? .null }
        let channelID = JSON.string(channel.idText)
        var o = JSONObject()
        o["__typename"] = "Message"
        o["id"] = .string(id)
        o["channel_id"] = channelID
        o["channel"] = ["id": channelID, "key": .string(channel.key), "name": .string(channel.name),
                        "provider": .string(channel.provider), "type": .string(channel.type.rawValue),
                        "created_at": .string(ProviderTimestamp.string(Date(timeIntervalSince1970: 0))),
                        "updated_at": .string(ProviderTimestamp.string(Date(timeIntervalSince1970: 0)))]
        o["recipient"] = recipient.reference
        o["actors"] = .array(actors.map(\.reference))
        o["workflow"] = .string(workflowKey)
        o["tenant"] = tenant.map(JSON.string) ?? .null
        o["status"] = .string(status.rawValue)
        o["engagement_statuses"] = .array(Self.engagementOrder.filter { engagement[$0] != nil }.map(JSON.string))
        o["seen_at"] = time(engagement["seen"])
        o["read_at"] = time(engagement["read"])
        o["interacted_at"] = time(engagement["interacted"])
        o["link_clicked_at"] = time(engagement["link_clicked"])
        o["clicked_at"] = time(engagement["link_clicked"])
        o["archived_at"] = time(engagement["archived"])
        o["inserted_at"] = time(insertedAt)
        o["updated_at"] = time(updatedAt)
        o["scheduled_at"] = time(scheduledAt)
        o["source"] = ["__typename": "NotificationSource", "key": .string(workflowKey), "version_id": .string(versionID),
                       "categories": .array(categories.map(JSON.string)), "step_ref": .string(stepRef), "type": "workflow",
                       "workflow_run_id": .string(workflowRunID), "workflow_recipient_run_id": .string(workflowRecipientRunID)]
        o["data"] = data
        o["metadata"] = metadata.map(JSON.object) ?? .null
        o["recipient_snapshot"] = recipientSnapshot ?? .null
        return .object(o)
    }

    /// What `refs.<step>.*` conditions see.
    public var snapshot: MessageSnapshot {
        MessageSnapshot(deliveryStatus: status.rawValue, engagement: Set(engagement.keys))
    }
}

/// A `MessageEvent` (§4.4).
public struct MessageEventRecord: Sendable, Hashable {
    public var id: String
    public var messageID: String
    public var type: String
    public var recipient: RecipientRef
    public var data: JSONObject?
    public var insertedAt: Date

    public var json: JSON {
        ["__typename": "MessageEvent", "id": .string(id), "inserted_at": .string(ProviderTimestamp.string(insertedAt)),
         "recipient": recipient.reference, "type": .string(type), "data": data.map(JSON.object) ?? .null]
    }
}

/// An `Activity` (§4.5): one trigger's contribution to a message, with full recipient and actor.
public struct ActivityRecord: Sendable, Hashable {
    public var id: String
    /// The full Recipient (User or Object) at trigger time.
    public var recipient: JSON
    public var actor: JSON
    public var actorRef: RecipientRef?
    public var data: JSON
    public var insertedAt: Date

    public var json: JSON {
        let t = JSON.string(ProviderTimestamp.string(insertedAt))
        return ["__typename": "Activity", "id": .string(id), "actor": actor, "recipient": recipient, "data": data,
                "inserted_at": t, "updated_at": t]
    }
}
