import Foundation
import KnockCore

/// A message's delivery status (engine-semantics §4.2), spelled as the API spells it.
public enum MessageDeliveryStatus: String, Sendable, Hashable, CaseIterable {
    case queued, sent, delivered
    case deliveryAttempted = "delivery_attempted"
    case undelivered, bounced
    case notSent = "not_sent"
}

/// The delivery-side `MessageEvent.type` values a provider produces (§4.4). Engagement events
/// (`message.seen`, ...) belong to the messages API, not to providers.
public enum MessageEventType: String, Sendable, Hashable, CaseIterable {
    case created = "message.created"
    case queued = "message.queued"
    case sent = "message.sent"
    case delivered = "message.delivered"
    case deliveryAttempted = "message.delivery_attempted"
    case undelivered = "message.undelivered"
    case bounced = "message.bounced"
    case notSent = "message.not_sent"
}

/// One step of a message's life: the event to record and the status the message has after it.
///
/// ```swift
/// for t in outcome.transitions { store.addEvent(type: t.event.rawValue, data: t.data, at: t.at); msg.status = t.status }
/// ```
public struct StatusTransition: Sendable, Hashable {
    public var event: MessageEventType
    public var status: MessageDeliveryStatus
    /// The event's `data` (§4.4 extras: `attempt`/`max_attempts`/`retryable`, `failure_reason`/`failure_details`, `token`); nil for none.
    public var data: JSONObject?
    public var at: Date
    /// The delivery attempt this transition belongs to (nil for `created`/`queued`/`not_sent`).
    public var attempt: Int?

    public init(event: MessageEventType, status: MessageDeliveryStatus, data: JSONObject? = nil, at: Date, attempt: Int? = nil) {
        self.event = event
        self.status = status
        self.data = data
        self.at = at
        self.attempt = attempt
    }
}

/// Why a channel step produced no message: the recipient lacks what the channel needs. Knock
/// skips the step (§1.4 "recipient has required data"); the run goes on, and later message-status
/// conditions see `$message.skipped`.
public enum DeliverySkipReason: String, Sendable, Hashable, Error {
    case missingEmail = "recipient_missing_email"
    case missingPhoneNumber = "recipient_missing_phone_number"
    /// Push: no tokens/devices; chat: no connections.
    case missingChannelData = "recipient_missing_channel_data"
    /// A webhook whose rendered URL is empty (nothing to call).
    case missingURL = "missing_url"
}

/// A retry the runtime owes: schedule `deliver(request, plan: plan.resuming(retry))` at `dueAt`
/// on the environment clock. The message stays `delivery_attempted` until then.
public struct PendingRetry: Sendable, Hashable {
    /// The attempt number the retry will be (2 after the first failure).
    public var attempt: Int
    public var dueAt: Date
    /// The destinations still to send to (push tokens / chat connections that failed retryably).
    public var destinations: [Destination]
    /// Whether an earlier attempt already reached some destination (then the message ends `sent`/`delivered` at worst).
    public var anyAccepted: Bool
}

/// Everything a provider decided about one message: what to store and what happened.
///
/// ```swift
/// let outcome = SimulatedProviders.provider(for: channel).deliver(request, plan: .init(), injector: injector)
/// switch outcome.result {
/// case .skipped(let reason): markStepSkipped(reason)
/// case .message:
///     store.setContents(MessageContentsRecord.json(messageID: id, insertedAt: now, data: outcome.contents))
///     store.addLogs(outcome.deliveryLogs.map { $0.json(environmentID: envID) })
///     outcome.transitions.forEach(store.apply)
///     if let r = outcome.retry { clock.schedule(at: r.dueAt) { resume(r) } }
/// }
/// ```
public struct DeliveryOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        /// A message exists (possibly `not_sent` in sandbox mode).
        case message
        /// No message: the step is skipped.
        case skipped(DeliverySkipReason)
    }
    public var result: Result
    /// The message's status after this call: a final status or `delivery_attempted` (retry owed). Meaningless when skipped.
    public var status: MessageDeliveryStatus
    /// `MessageContents.data` for the channel type (`MessageEmailContent`, ...); `.null` when skipped.
    public var contents: JSON
    /// One entry per provider request made (per attempt and destination); empty for in-app and sandbox.
    public var deliveryLogs: [DeliveryLogEntry]
    /// Events in order, each with the status it leaves. Starts with `message.created` on a first delivery.
    public var transitions: [StatusTransition]
    /// Attempts made so far, counting earlier calls when resuming a retry.
    public var attempts: Int
    public var maxAttempts: Int
    /// Set when the message waits in `delivery_attempted` for a scheduled retry.
    public var retry: PendingRetry?
    /// `Message.recipient_snapshot`: `{email, name}` for email, the connection target for chat, nil otherwise.
    public var recipientSnapshot: JSON?
    /// `Message.metadata` (`{external_id}` = the provider's id for the accepted send), nil when nothing was accepted.
    public var metadata: JSONObject?
    /// Push tokens that bounced (what token deregistration would remove).
    public var bouncedTokens: [String]
    /// What the provider was asked to send; nil when nothing was sent (skipped, sandbox).
    public var outbox: OutboxEntry?

    static func skipped(_ reason: DeliverySkipReason, maxAttempts: Int) -> DeliveryOutcome {
        DeliveryOutcome(result: .skipped(reason), status: .notSent, contents: .null, deliveryLogs: [], transitions: [],
                        attempts: 0, maxAttempts: maxAttempts, retry: nil, recipientSnapshot: nil, metadata: nil,
                        bouncedTokens: [], outbox: nil)
    }
}

/// The `MessageContents` envelope around a provider's `contents` (`GET /v1/messages/{id}/content`).
///
/// ```swift
/// MessageContentsRecord.json(messageID: "2w3Y…", insertedAt: now, data: outcome.contents)
/// // {"__typename": "MessageContent", "message_id": …, "inserted_at": …, "data": {…}}
/// ```
public enum MessageContentsRecord {
    public static func json(messageID: String, insertedAt: Date, data: JSON) -> JSON {
        ["__typename": "MessageContent", "message_id": .string(messageID),
         "inserted_at": .string(ProviderTimestamp.string(insertedAt)), "data": data]
    }
}
