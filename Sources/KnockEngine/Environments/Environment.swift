import KnockCore
import OrderedCollections

/// One isolated Knock environment: its keys, its data (every row carries `rowID` as `env`), and
/// its settings. Cheap to copy; the engine hands one to every call.
///
/// ```swift
/// let env = try engine.environments.create(name: "test-42")
/// env.secretKey        // "sk_test_…"
/// try engine.identifyUser(env, id: "u1", body: ["name": "Ada"])
/// ```
public struct Environment: Sendable, Equatable {
    /// The storage key (`env` column). Not shown to clients.
    public let rowID: Int64
    /// The public id, a UUID, used by the admin API.
    public let id: String
    public var name: String
    public let secretKey: String
    public let publishableKey: String
    public var settings: EnvironmentSettings
    public let createdAt: Timestamp

    /// `{id, name, secret_key, publishable_key, ...}` as the admin API answers.
    public var adminJSON: JSON {
        var o: JSONObject = [
            "id": .string(id), "name": .string(name),
            "secret_key": .string(secretKey), "publishable_key": .string(publishableKey),
            "enhanced_security": .bool(settings.enhancedSecurity),
            "created_at": .string(createdAt.iso8601),
        ]
        o["signing_key_configured"] = .bool(settings.signingPublicKeyPEM != nil)
        o["default_preference_set"] = settings.defaultPreferenceSet.map(JSON.object) ?? .null
        o["timezone"] = settings.timezone.map(JSON.string) ?? .null
        return .object(o)
    }
}

/// Per-environment switches. Stored as JSON so later features add fields without a migration.
public struct EnvironmentSettings: Sendable, Equatable {
    /// Publishable keys need a valid `X-Knock-User-Token` (semantics §7.1).
    public var enhancedSecurity: Bool = false
    /// The RS256 public key (PEM) that user tokens are verified against.
    public var signingPublicKeyPEM: String?
    /// Anything else a later feature keeps here (clock offsets, channel config, ...).
    public var extra: JSONObject = [:]

    /// The environment's default PreferenceSet, under every recipient's and tenant's (kept in
    /// `extra` so it needs no migration).
    public var defaultPreferenceSet: JSONObject? {
        get { extra["default_preference_set"]?.objectValue }
        set { extra["default_preference_set"] = newValue.map(JSON.object) }
    }

    public init(enhancedSecurity: Bool = false, signingPublicKeyPEM: String? = nil, extra: JSONObject = JSONObject()) {
        self.enhancedSecurity = enhancedSecurity
        self.signingPublicKeyPEM = signingPublicKeyPEM
        self.extra = extra
    }

    var json: JSON {
        var o = extra
        o["enhanced_security"] = .bool(enhancedSecurity)
        o["signing_public_key"] = signingPublicKeyPEM.map(JSON.string) ?? .null
        return .object(o)
    }

    init(json: JSON) {
        var o = json.objectValue ?? [:]
        enhancedSecurity = o.removeValue(forKey: "enhanced_security")?.boolValue ?? false
        signingPublicKeyPEM = o.removeValue(forKey: "signing_public_key")?.stringValue
        extra = o
    }
}
