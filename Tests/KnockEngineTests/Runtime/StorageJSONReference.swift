import Foundation
import KnockCore
@testable import KnockEngine

// The stored documents as `JSON` trees: what `storageBytes` (written field by field on the hot
// path) must read back as. Kept with the tests that use them as the reference.

extension MessageRecord {
    var storageJSON: JSON {
        [
            "id": .string(id),
            "channel": ["id": .string(channel.idText), "key": .string(channel.key), "type": .string(channel.type.rawValue),
                        "provider": .string(channel.provider), "name": .string(channel.name)],
            "recipient": recipient.reference, "actors": .array(actors.map(\.reference)),
            "workflow": .string(workflowKey), "version_id": .string(versionID), "categories": .array(categories.map(JSON.string)),
            "step_ref": .string(stepRef), "workflow_run_id": .string(workflowRunID), "workflow_recipient_run_id": .string(workflowRecipientRunID),
            "tenant": tenant.map(JSON.string) ?? .null, "status": .string(status.rawValue),
            "engagement": .object(JSONObject(uniqueKeysWithValues: Self.engagementOrder.compactMap { k in engagement[k].map { (k, StoredTime.encode($0)) } })),
            "inserted_at": StoredTime.encode(insertedAt), "updated_at": StoredTime.encode(updatedAt), "scheduled_at": StoredTime.encode(scheduledAt),
            "data": data, "metadata": metadata.map(JSON.object) ?? .null, "recipient_snapshot": recipientSnapshot ?? .null,
            "activity_ids": .array(activityIDs.map(JSON.string)),
        ]
    }
}

extension MessageEventRecord {
    var storageJSON: JSON {
        ["id": .string(id), "message_id": .string(messageID), "type": .string(type), "recipient": recipient.reference,
         "data": data.map(JSON.object) ?? .null, "inserted_at": StoredTime.encode(insertedAt)]
    }
}

extension ActivityRecord {
    var storageJSON: JSON {
        ["id": .string(id), "recipient": recipient, "actor": actor, "actor_ref": actorRef?.reference ?? .null, "data": data,
         "inserted_at": StoredTime.encode(insertedAt)]
    }
}

extension OutboxEntry {
    var storageJSON: JSON {
        ["message_id": .string(messageID), "channel_id": .string(channelID.uuidString.lowercased()), "channel_key": .string(channelKey),
         "channel_type": .string(channelType.rawValue), "provider": .string(provider), "to": .array(to.map(JSON.string)),
         "subject": summary.subject.map(JSON.string) ?? .null, "title": summary.title.map(JSON.string) ?? .null, "text": .string(summary.text),
         "workflow": workflowKey.map(JSON.string) ?? .null, "recipient": recipient, "inserted_at": StoredTime.encode(insertedAt),
         "status": .string(status.rawValue), "attempts": .int(attempts)]
    }
}
