import Foundation
import KnockCore

/// What a provider was asked to send for one message: the runtime stores these and the admin
/// `/_admin/outbox` lists them, so a test can check "an email went to ada@…" without reading logs.
///
/// One entry per message. A resumed retry returns the entry again with the new status and attempt
/// count: store it by `messageID` (replace, do not append).
///
/// ```swift
/// if let entry = outcome.outbox { outbox.upsert(entry) }
/// entry.json   // {"message_id": …, "channel_key": "email", "to": ["ada@example.com"], "subject": "Hi", …}
/// ```
public struct OutboxEntry: Sendable, Hashable {
    /// The human part of what was sent.
    public struct Summary: Sendable, Hashable {
        public var subject: String?
        public var title: String?
        public var text: String
        public init(subject: String? = nil, title: String? = nil, text: String) {
            self.subject = subject
            self.title = title
            self.text = text
        }
    }

    public var messageID: String
    public var channelID: UUID
    public var channelKey: String
    public var channelType: ChannelType
    public var provider: String
    /// Every destination addressed: email, phone number, tokens, chat channel/user ids or webhook URLs, feed owner.
    public var to: [String]
    public var summary: Summary
    public var workflowKey: String?
    /// `RecipientReference`: a user id or `{id, collection}`.
    public var recipient: JSON
    public var insertedAt: Date
    public var status: MessageDeliveryStatus
    public var attempts: Int

    public var json: JSON {
        ["message_id": .string(messageID), "channel_id": .string(UUIDText.lowercased(channelID)),
         "channel_key": .string(channelKey), "channel_type": .string(channelType.rawValue), "provider": .string(provider),
         "to": .array(to.map(JSON.string)), "subject": summary.subject.map(JSON.string) ?? .null,
         "title": summary.title.map(JSON.string) ?? .null, "text": .string(summary.text),
         "workflow": workflowKey.map(JSON.string) ?? .null, "recipient": recipient,
         "inserted_at": .string(ProviderTimestamp.string(insertedAt)), "status": .string(status.rawValue),
         "attempts": .int(attempts)]
    }
}
