import KnockCore

/// Picks the simulated provider for a channel, by channel type and provider name.
///
/// ```swift
/// let provider = SimulatedProviders.provider(for: registry.channel(key: "email")!)   // EmailProvider(provider: "postmark")
/// let webhook = SimulatedProviders.provider(for: hookChannel, webhookResponder: stubs.answer)
/// ```
public enum SimulatedProviders {
    public static func provider(for channel: Channel, webhookResponder: WebhookProvider.Responder? = nil) -> any Provider {
        switch channel.type {
        case .inAppFeed, .inAppGuide: return InAppFeedProvider()
        case .email: return EmailProvider(provider: channel.provider)
        case .sms: return SMSProvider(provider: channel.provider)
        case .push: return PushProvider(provider: channel.provider)
        case .chat: return ChatProvider(provider: channel.provider)
        case .http: return WebhookProvider(responder: webhookResponder)
        }
    }
}
