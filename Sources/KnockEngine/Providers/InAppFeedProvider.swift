import KnockCore

/// Knock's own in-app feed: nothing leaves the engine, so there is no delivery log (§4.7) and no
/// failure; the message is `delivered` the moment it is created (§4.2), sandbox or not.
///
/// ```swift
/// let outcome = InAppFeedProvider().deliver(DeliveryRequest(
///     messageID: id, channel: feedChannel, recipient: ["id": "u1"],
///     content: .inAppFeed(RenderedInAppFeed(blocks: [.content(name: "body", type: .markdown, content: "Hi", rendered: "<p>Hi</p>")])),
///     now: now))
/// outcome.status   // .delivered; transitions: message.created, message.delivered
/// ```
public struct InAppFeedProvider: Provider {
    public init() {}

    public var acceptedStatus: MessageDeliveryStatus { .delivered }
    public var recordsSent: Bool { false }
    public var honorsSandbox: Bool { false }
    public var canFail: Bool { false }

    /// The feed belongs to the recipient; any recipient has one.
    public func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason> {
        .success([Destination(kind: .feed, address: request.recipient["id"]?.stringValue ?? "")])
    }

    public func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON {
        ["__typename": "MessageInAppFeedContent", "blocks": .array(blocks(request).map(\.json))]
    }

    public func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult {
        AttemptResult(verdict: .accepted(externalID: nil))
    }

    public func summary(for request: DeliveryRequest) -> OutboxEntry.Summary {
        let body = blocks(request).lazy.compactMap { block -> String? in
            if case .content(_, _, let content, _) = block { return content }
            return nil
        }.first
        return OutboxEntry.Summary(text: body ?? "")
    }

    private func blocks(_ request: DeliveryRequest) -> [InAppFeedBlock] {
        if case .inAppFeed(let c) = request.content { return c.blocks }
        return []
    }
}
