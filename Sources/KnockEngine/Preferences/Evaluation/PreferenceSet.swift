import KnockCore

/// A recipient's (or tenant's, or the environment's) preference set, typed for evaluation.
///
/// Parsing is lenient on purpose: stored sets come from many API shapes (deprecated partial
/// endpoints send `{"subscribed": bool}`), so anything unrecognised reads as "unset", which
/// means opted in.
///
/// ```swift
/// let set = PreferenceSet(json: ["id": "default", "channel_types": ["email": false]])
/// set.channelTypes?["email"]   // .bool(false)
/// ```
public struct PreferenceSet: Sendable, Hashable {
    public var id: String
    public var workflows: [String: PreferenceSetting]?
    public var categories: [String: PreferenceSetting]?
    /// Keyed by channel type raw value (`email`, `in_app_feed`, ...).
    public var channelTypes: [String: ChannelPreference]?
    /// Keyed by lower-cased channel UUID.
    public var channels: [String: ChannelPreference]?
    public var commercialSubscribed: ChannelPreference?

    public init(id: String = "default", workflows: [String: PreferenceSetting]? = nil, categories: [String: PreferenceSetting]? = nil,
                channelTypes: [String: ChannelPreference]? = nil, channels: [String: ChannelPreference]? = nil,
                commercialSubscribed: ChannelPreference? = nil) {
        self.id = id
        self.workflows = workflows
        self.categories = categories
        self.channelTypes = channelTypes
        self.channels = channels
        self.commercialSubscribed = commercialSubscribed
    }

    public init(json: JSON) {
        self.id = json["id"]?.stringValue ?? "default"
        self.workflows = Self.settings(json["workflows"])
        self.categories = Self.settings(json["categories"])
        self.channelTypes = Self.channelMap(json["channel_types"], lowercaseKeys: false)
        self.channels = Self.channelMap(json["channels"], lowercaseKeys: true)
        self.commercialSubscribed = json["commercial_subscribed"].flatMap(ChannelPreference.init(json:))
    }

    static func settings(_ json: JSON?) -> [String: PreferenceSetting]? {
        guard let o = json?.objectValue else { return nil }
        var out: [String: PreferenceSetting] = [:]
        for (k, v) in o { if let s = PreferenceSetting(json: v) { out[k] = s } }
        return out
    }

    static func channelMap(_ json: JSON?, lowercaseKeys: Bool) -> [String: ChannelPreference]? {
        guard let o = json?.objectValue else { return nil }
        var out: [String: ChannelPreference] = [:]
        for (k, v) in o { if let p = ChannelPreference(json: v) { out[lowercaseKeys ? k.lowercased() : k] = p } }
        return out
    }
}

/// A channel, channel type or `commercial_subscribed` preference: a bool, or conditions.
public enum ChannelPreference: Sendable, Hashable {
    case bool(Bool)
    /// Subscribed only when every condition holds at send time.
    case conditions([Condition])

    public init?(json: JSON) {
        switch json {
        case .bool(let b): self = .bool(b)
        case .object(let o):
            if let b = o["subscribed"]?.boolValue { self = .bool(b); return }
            let items = o["conditions"]?.arrayValue ?? []
            self = .conditions(items.compactMap { try? Condition(json: $0) })
        default: return nil
        }
    }
}

/// A workflow or category preference: a bool, or a Setting with nested channel rules and conditions.
public enum PreferenceSetting: Sendable, Hashable {
    case bool(Bool)
    case setting(channelTypes: [String: ChannelPreference]?, channels: [String: ChannelPreference]?, conditions: [Condition])

    public init?(json: JSON) {
        switch json {
        case .bool(let b): self = .bool(b)
        case .object(let o):
            if let b = o["subscribed"]?.boolValue { self = .bool(b); return }
            self = .setting(channelTypes: PreferenceSet.channelMap(o["channel_types"], lowercaseKeys: false),
                            channels: PreferenceSet.channelMap(o["channels"], lowercaseKeys: true),
                            conditions: (o["conditions"]?.arrayValue ?? []).compactMap { try? Condition(json: $0) })
        default: return nil
        }
    }
}
