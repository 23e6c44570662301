import Foundation
import KnockCore

/// Email through a simulated Postmark, SendGrid, Resend or Mailgun (other email providers get a
/// generic JSON request on a synthetic host). Ends `delivered`: `created → queued → sent → delivered`.
///
/// The address is the rendered `to` override, else `recipient.email`; without one the step is
/// skipped (`recipient_missing_email`). `from` falls back to the channel's `settings.from_address`
/// (and `from_name`), then `notifications@knocksh.local`.
///
/// ```swift
/// let outcome = EmailProvider(provider: "postmark").deliver(DeliveryRequest(
///     messageID: id, channel: channel, recipient: ["id": "u1", "email": "ada@example.com"],
///     content: .email(RenderedEmail(subject: "Hi", htmlBody: "<p>Hi</p>", textBody: "Hi")), now: now))
/// outcome.deliveryLogs[0].request.path   // "/email"
/// ```
public struct EmailProvider: Provider {
    public var provider: String
    public init(provider: String) { self.provider = provider }

    public var acceptedStatus: MessageDeliveryStatus { .delivered }

    public func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason> {
        guard let to = Wire.text(email(request).to.map(JSON.string)) ?? Wire.text(request.recipient["email"]) else {
            return .failure(.missingEmail)
        }
        return .success([Destination(kind: .email, address: to)])
    }

    public func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON {
        let e = email(request)
        return ["__typename": "MessageEmailContent", "from": .string(from(request)), "to": .string(destinations.first?.address ?? ""),
                "subject_line": .string(e.subject), "html_body": .string(e.htmlBody), "text_body": .string(e.textBody),
                "cc": e.cc.map(JSON.string) ?? .null, "bcc": e.bcc.map(JSON.string) ?? .null,
                "reply_to": e.replyTo.map(JSON.string) ?? .null]
    }

    public func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult {
        let mail = EmailWire.Mail(messageID: request.messageID, from: from(request), to: destination.address, content: email(request),
                                  settings: request.channel.settings, seed: "\(request.messageID)/\(provider)/\(attempt)", now: request.now)
        return EmailWire.exchange(provider: provider, mail: mail, failure: failure)
    }

    public func summary(for request: DeliveryRequest) -> OutboxEntry.Summary {
        let e = email(request)
        return OutboxEntry.Summary(subject: e.subject, text: e.textBody)
    }

    public func recipientSnapshot(for request: DeliveryRequest, destinations: [Destination]) -> JSON? {
        ["email": .string(destinations.first?.address ?? ""), "name": request.recipient["name"] ?? .null]
    }

    private func email(_ request: DeliveryRequest) -> RenderedEmail {
        if case .email(let e) = request.content { return e }
        return RenderedEmail(subject: "", htmlBody: "", textBody: "")
    }

    /// The sender: the rendered override, else the channel settings, else a local default.
    private func from(_ request: DeliveryRequest) -> String {
        if let f = Wire.text(email(request).from.map(JSON.string)) { return f }
        let settings = request.channel.settings
        let address = Wire.text(settings["from_address"]) ?? "notifications@knocksh.local"
        if let name = Wire.text(settings["from_name"]) { return "\(name) <\(address)>" }
        return address
    }
}
