import Foundation
import KnockCore

/// The environment's channels: built-in defaults, the optional `channels.json` beside the
/// workflows, and channels inferred from workflow steps whose `channel_key` nobody configured.
///
/// Lookups accept the channel id (UUID, any case) and, as a local convenience real Knock does not
/// offer, the channel key.
///
/// ```swift
/// var registry = ChannelRegistry()                      // defaults only
/// registry.register(workflows: loaded.definitions)      // adds e.g. "sendgrid-prod" (email, sendgrid)
/// registry.channel(idOrKey: "in-app-feed")?.id          // stable UUID
/// registry.channels(for: step)                          // what a channel step sends through
/// ```
public struct ChannelRegistry: Sendable {
    public private(set) var channels: [Channel] = []
    public private(set) var groups: [ChannelGroup] = []
    private var byKey: [String: Int] = [:]
    private var byID: [UUID: Int] = [:]

    /// One channel per type, keys as below; replaced by config entries with the same key.
    public static let defaultChannels: [Channel] = [
        Channel(key: "in-app-feed", type: .inAppFeed, provider: "knock", name: "In-app feed", origin: .builtIn),
        Channel(key: "email", type: .email, provider: "postmark", name: "Email", origin: .builtIn),
        Channel(key: "sms", type: .sms, provider: "twilio", name: "SMS", origin: .builtIn),
        Channel(key: "push", type: .push, provider: "apns", name: "Push (APNs)", origin: .builtIn),
        Channel(key: "fcm", type: .push, provider: "fcm", name: "Push (FCM)", origin: .builtIn),
        Channel(key: "slack", type: .chat, provider: "slack", name: "Slack", origin: .builtIn),
        Channel(key: "webhook", type: .http, provider: "webhook", name: "Webhook", origin: .builtIn),
    ]

    /// A registry with the default channels (or none).
    public init(includeDefaults: Bool = true) {
        if includeDefaults { for c in Self.defaultChannels { add(c) } }
    }

    /// Adds or replaces (same key) a channel. A replaced channel keeps its position.
    public mutating func add(_ channel: Channel) {
        if let i = byKey[channel.key] {
            byID[channels[i].id] = nil
            channels[i] = channel
            byID[channel.id] = i
        } else {
            byKey[channel.key] = channels.count
            byID[channel.id] = channels.count
            channels.append(channel)
        }
    }

    public mutating func add(_ group: ChannelGroup) {
        groups.removeAll { $0.key == group.key }
        groups.append(group)
    }

    public func channel(key: String) -> Channel? { byKey[key].map { channels[$0] } }
    public func channel(id: UUID) -> Channel? { byID[id].map { channels[$0] } }

    /// `channel_id` path parameters: a UUID, or (local convenience) a channel key.
    public func channel(idOrKey: String) -> Channel? {
        if let id = UUIDText.parse(idOrKey), let c = channel(id: id) { return c }
        return channel(key: idOrKey)
    }

    /// The first channel of `type`: what a group without config falls back to.
    public func defaultChannel(for type: ChannelType) -> Channel? { channels.first { $0.type == type } }

    /// Makes sure every `channel_key` used by these workflows has a channel: a missing key becomes a
    /// channel of the step's type, provider inferred from the key. Returns warnings for steps whose
    /// configured channel has another type (the step still sends through it).
    @discardableResult
    public mutating func register(workflows: [WorkflowDefinition]) -> [WorkflowDiagnostic] {
        var warnings: [WorkflowDiagnostic] = []
        for wf in workflows {
            for step in wf.channelSteps {
                guard let key = step.channelKey else { continue }
                if let existing = channel(key: key) {
                    if existing.type != step.channelType {
                        warnings.append(WorkflowDiagnostic(
                            severity: .warning, file: "\(wf.key)/workflow.json", field: "steps(\(step.common.ref)).channel_key",
                            message: "channel \"\(key)\" is \(existing.type.rawValue) but the step is \(step.channelType.rawValue)",
                            workflowKey: wf.key))
                    }
                } else {
                    add(Channel(key: key, type: step.channelType, origin: .inferred))
                }
            }
        }
        return warnings
    }

    /// The channels a channel step sends through: its channel, or its group's channels (an
    /// unconfigured group falls back to the default channel of the step's type).
    public func channels(for step: ChannelStep) -> [Channel] {
        if let key = step.channelKey {
            return channel(key: key).map { [$0] } ?? []
        }
        guard let groupKey = step.channelGroupKey else { return [] }
        if let group = groups.first(where: { $0.key == groupKey }) {
            return group.channelKeys.compactMap { channel(key: $0) }
        }
        return defaultChannel(for: step.channelType).map { [$0] } ?? []
    }
}
