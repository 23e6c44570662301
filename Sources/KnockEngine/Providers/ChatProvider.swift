import Foundation
import KnockCore

/// Chat through a simulated Slack, Microsoft Teams or Discord (bot API or incoming webhook, per
/// connection). Ends `sent` (chat has no delivery tracking, §4.2).
///
/// Destinations are the channel data's `connections`: `{channel_id}`, `{user_id}`,
/// `{ms_teams_channel_id}`, `{ms_teams_user_id}` or `{incoming_webhook: {url}}`. None ⇒ the step is
/// skipped (`recipient_missing_channel_data`). One message covers every connection, one request
/// each; the contents and `recipient_snapshot` show the first connection. Slack bot tokens come from
/// the connection's `access_token`, then the channel data's `token.access_token`, then the tenant's;
/// a connection without any token fails as Slack does (`not_authed`, undelivered).
///
/// ```swift
/// let outcome = ChatProvider(provider: "slack").deliver(DeliveryRequest(
///     messageID: id, channel: slack, recipient: ["id": "u1"],
///     channelData: ["connections": [["channel_id": "C123", "access_token": "xoxb-1"]]],
///     content: .chat(RenderedChat(markdown: "*Deploy* finished")), now: now))
/// outcome.deliveryLogs[0].request.path   // "/api/chat.postMessage"
/// ```
public struct ChatProvider: Provider {
    public var provider: String
    public init(provider: String) { self.provider = provider }

    public var acceptedStatus: MessageDeliveryStatus { .sent }

    public func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason> {
        var out: [Destination] = []
        for connection in request.channelData?["connections"]?.arrayValue ?? [] {
            let address = Wire.text(connection["channel_id"]) ?? Wire.text(connection["user_id"])
                ?? Wire.text(connection["ms_teams_channel_id"]) ?? Wire.text(connection["ms_teams_user_id"])
                ?? Wire.text(connection["incoming_webhook"]?["url"])
            guard let address else { continue }
            out.append(Destination(kind: .chatConnection, address: address, index: out.count, detail: connection))
        }
        return out.isEmpty ? .failure(.missingChannelData) : .success(out)
    }

    public func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON {
        let c = chat(request)
        var jsonContent: JSON = .null
        if case .object = c.json { jsonContent = c.json ?? .null }
        return ["__typename": "MessageChatContent", "connection": destinations.first?.detail ?? [:],
                "template": ["blocks": [["type": "markdown", "name": "markdown_body", "content": .string(c.markdown)]],
                             "json_content": jsonContent, "summary": c.summary.map(JSON.string) ?? .null],
                "metadata": c.metadata.map(JSON.object) ?? .null]
    }

    public func recipientSnapshot(for request: DeliveryRequest, destinations: [Destination]) -> JSON? {
        guard let connection = destinations.first?.detail else { return nil }
        if connection["incoming_webhook"] != nil { return ["via_incoming_webhook": true] }
        for key in ["channel_id", "user_id", "ms_teams_channel_id", "ms_teams_user_id"] {
            if let v = Wire.text(connection[key]) { return [key: .string(v)] }
        }
        return nil
    }

    public func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult {
        let seed = "\(request.messageID)/\(provider)/\(attempt)/\(destination.index)"
        let chat = chat(request)
        let webhookURL = Wire.text(destination.detail["incoming_webhook"]?["url"])
        switch provider {
        case "msteams": return ChatWire.teams(chat, destination, webhookURL: webhookURL, seed: seed, failure: failure)
        case "discord": return ChatWire.discord(chat, destination, webhookURL: webhookURL, seed: seed, now: request.now, failure: failure)
        default:
            if let webhookURL { return ChatWire.slackWebhook(chat, url: webhookURL, failure: failure) }
            let token = Wire.text(destination.detail["access_token"]) ?? Wire.text(request.channelData?["token"]?["access_token"])
                ?? Wire.text(request.tenantChannelData?["token"]?["access_token"])
            return ChatWire.slackPostMessage(chat, destination, hasToken: token != nil, seed: seed, now: request.now, failure: failure)
        }
    }

    public func summary(for request: DeliveryRequest) -> OutboxEntry.Summary {
        let c = chat(request)
        return OutboxEntry.Summary(title: c.summary, text: c.markdown)
    }

    private func chat(_ request: DeliveryRequest) -> RenderedChat {
        if case .chat(let c) = request.content { return c }
        return RenderedChat(markdown: "")
    }
}
