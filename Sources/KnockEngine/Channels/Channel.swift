import Foundation
import KnockCore

/// A configured channel: the thing messages, channel data and preferences are keyed by.
///
/// Ids are name-based UUIDs of the key unless the config pins one, so the same key gets the same
/// id on every run (tests and recipes can hard-code it).
///
/// ```swift
/// let c = Channel(key: "postmark", type: .email)
/// c.provider   // "postmark"
/// c.id         // Channel.stableID(forKey: "postmark"), the same every run
/// ```
public struct Channel: Sendable, Hashable, Identifiable {
    public let id: UUID
    /// The id as stored and shown (lowercase), made once: Foundation formats a UUID with
    /// `snprintf`, and messages need it several times each.
    public let idText: String
    public var key: String
    public var type: ChannelType
    public var provider: String
    public var name: String
    /// Channel-level conditions from the environment config; ANDed with step conditions.
    public var conditions: ConditionGroup?
    /// Provider settings (e.g. a webhook channel's default request), passed through untouched.
    public var settings: JSONObject
    /// Whether this channel came from the config file, a built-in default, or a workflow step.
    public var origin: Origin

    public enum Origin: String, Sendable, Hashable { case config, builtIn = "default", inferred }

    public init(id: UUID? = nil, key: String, type: ChannelType, provider: String? = nil, name: String? = nil,
                conditions: ConditionGroup? = nil, settings: JSONObject? = nil, origin: Origin = .config) {
        self.id = id ?? Self.stableID(forKey: key)
        self.idText = UUIDText.lowercased(self.id)
        self.key = key
        self.type = type
        self.provider = provider ?? ProviderCatalog.infer(fromKey: key, type: type)
        self.name = name ?? key
        self.conditions = conditions
        self.settings = settings ?? [:]
        self.origin = origin
    }

    /// A channel read back from a stored message, whose id is already text: parsed by hand and
    /// kept as written, since Foundation's UUID parsing and formatting (`sscanf`, `snprintf`) were
    /// a tenth of reading a feed page. Nil when `idText` is not a UUID.
    init?(storedID idText: String, key: String, type: ChannelType, provider: String?, name: String?) {
        guard let id = UUIDText.parse(idText) else { return nil }
        self.id = id
        self.idText = idText.lowercased()
        self.key = key
        self.type = type
        self.provider = provider ?? ProviderCatalog.infer(fromKey: key, type: type)
        self.name = name ?? key
        self.conditions = nil
        self.settings = [:]
        self.origin = .inferred
    }

    /// Namespace for channel ids (a fixed random UUID, so ids cannot collide with other v5 schemes).
    public static let idNamespace = UUID(uuidString: "5b0f3f52-8c3e-4f7e-9d0a-6b1c2d3e4f50")!

    /// The id a channel with `key` gets when the config does not pin one.
    public static func stableID(forKey key: String) -> UUID {
        NameBasedUUID.make(namespace: idNamespace, name: "channel:\(key)")
    }

    /// The channel as the API reports it (lower-case UUID, as Knock's ids are).
    public var json: JSON {
        ["id": .string(idText), "key": .string(key), "name": .string(name),
         "type": .string(type.rawValue), "provider": .string(provider)]
    }
}
