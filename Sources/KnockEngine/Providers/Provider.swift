import Foundation
import KnockCore

/// A simulated notification provider for one channel type. Pure: no I/O, no clock, no randomness;
/// the same `DeliveryRequest` gives the same outcome every time.
///
/// Conformers describe the wire format (destinations, contents, one request/response per attempt);
/// the shared `deliver(_:plan:injector:)` drives attempts, retries, statuses and events.
///
/// ```swift
/// let provider = SimulatedProviders.provider(for: channel)
/// if case .failure(let reason) = provider.destinations(for: request) { skipStep(reason) }   // before rendering
/// let outcome = provider.deliver(request, plan: DeliveryPlan(), injector: env.failureInjector)
/// ```
public protocol Provider: Sendable {
    /// The status an accepted send ends in: `delivered` (in-app, email, SMS, webhook) or `sent` (push, chat).
    var acceptedStatus: MessageDeliveryStatus { get }
    /// Whether an accepted send records `message.sent` before `acceptedStatus` (everything but in-app).
    var recordsSent: Bool { get }
    /// Whether sandbox mode applies (§4.2: in-app channels have no sandbox).
    var honorsSandbox: Bool { get }
    /// Whether failures (patterns, injections) can apply; in-app messages cannot fail.
    var canFail: Bool { get }

    /// Where this message goes (email address, phone number, push tokens, chat connections, URL),
    /// or why the step is skipped. Cheap; the runtime may call it before rendering (§1.4 order).
    func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason>

    /// `MessageContents.data` for this channel type.
    func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON

    /// One send to one destination: the provider's request and response, and what it meant.
    func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult

    /// Subject/title/text for the outbox.
    func summary(for request: DeliveryRequest) -> OutboxEntry.Summary

    /// `Message.recipient_snapshot` (nil for channel types that have none).
    func recipientSnapshot(for request: DeliveryRequest, destinations: [Destination]) -> JSON?
}

extension Provider {
    public var recordsSent: Bool { true }
    public var honorsSandbox: Bool { true }
    public var canFail: Bool { true }
    public func recipientSnapshot(for request: DeliveryRequest, destinations: [Destination]) -> JSON? { nil }
}

/// Everything a provider needs for one message.
///
/// ```swift
/// let request = DeliveryRequest(
///     messageID: "2w3YUpTTOxuDvZFji8OMsKrG176", channel: channel,
///     recipient: ["id": "u1", "email": "ada@example.com", "name": "Ada"],
///     content: .email(RenderedEmail(subject: "Hi", htmlBody: "<p>Hi</p>", textBody: "Hi")),
///     workflowKey: "welcome", now: clock.now)
/// ```
public struct DeliveryRequest: Sendable, Hashable {
    /// The message id; also the seed of every id the providers make up.
    public var messageID: String
    public var channel: Channel
    /// The serialized recipient (`id`, `collection` for objects, `email`, `phone_number`, `name`, ...).
    public var recipient: JSON
    /// The recipient's channel data `data` for this channel (`{tokens: [...]}`, `{connections: [...]}`), if any.
    public var channelData: JSON?
    /// The tenant's channel data for this channel (shared Slack `token`, Teams `ms_teams_tenant_id`), if any.
    public var tenantChannelData: JSON?
    public var content: RenderedContent
    public var workflowKey: String?
    /// The environment clock's current time; every timestamp the provider writes is this one.
    public var now: Date
    /// The trigger's `settings.sandbox_mode` (or a sandboxed channel): record a `not_sent` message, send nothing.
    public var sandbox: Bool

    public init(messageID: String, channel: Channel, recipient: JSON, channelData: JSON? = nil, tenantChannelData: JSON? = nil,
                content: RenderedContent, workflowKey: String? = nil, now: Date, sandbox: Bool = false) {
        self.messageID = messageID
        self.channel = channel
        self.recipient = recipient
        self.channelData = channelData
        self.tenantChannelData = tenantChannelData
        self.content = content
        self.workflowKey = workflowKey
        self.now = now
        self.sandbox = sandbox
    }

    /// `RecipientReference`: the user id, or `{id, collection}` for an object.
    public var recipientReference: JSON {
        let id = recipient["id"] ?? .null
        if let collection = recipient["collection"], !collection.isNull { return ["id": id, "collection": collection] }
        return id
    }
}

/// One place a message is sent to.
///
/// ```swift
/// Destination(kind: .pushToken, address: "fcm-token-1", index: 0)
/// ```
public struct Destination: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case feed, email, phone, pushToken = "push_token", chatConnection = "chat_connection", url }
    public var kind: Kind
    /// What failure patterns match and the outbox shows: the address, number, token, channel/user id or URL.
    public var address: String
    /// Position in the provider's destination list (stable across retries; part of log-id seeds).
    public var index: Int
    /// Provider detail: the chat connection object, the push device, ...
    public var detail: JSON

    public init(kind: Kind, address: String, index: Int = 0, detail: JSON = .null) {
        self.kind = kind
        self.address = address
        self.index = index
        self.detail = detail
    }
}

/// A failure a send is forced into, by an address pattern or the failure injector.
public enum SimulatedFailure: String, Sendable, Hashable {
    /// A hard bounce: bad address or dead token; never retried.
    case bounce
    /// A permanent error (invalid number, 404 webhook, ...): `undelivered` at once.
    case fatal
    /// A temporary error (5xx, rate limit): retried.
    case transient
}

/// The result of one send to one destination.
public struct AttemptResult: Sendable, Hashable {
    public enum Verdict: Sendable, Hashable {
        /// The provider took the message; `externalID` is its reference (Postmark MessageID, Twilio sid, ...).
        case accepted(externalID: String?)
        case failed(retryable: Bool, reason: String)
        case bounced(reason: String)
    }
    public var verdict: Verdict
    /// The logged exchange; nil for in-app (Knock itself is the provider and logs nothing).
    public var serviceName: String?
    public var request: LoggedRequest?
    public var response: LoggedResponse?

    public init(verdict: Verdict, serviceName: String? = nil, request: LoggedRequest? = nil, response: LoggedResponse? = nil) {
        self.verdict = verdict
        self.serviceName = serviceName
        self.request = request
        self.response = response
    }
}
