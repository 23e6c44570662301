import KnockCore

/// Builds the effective preference set for one (recipient, run) from its layers (§3.7):
///
/// - no tenant, or a tenant without tenant-specific data (no tenant `preference_set` and no
///   recipient set with the tenant's id): recipient `default` over the environment default;
/// - otherwise: recipient set `<tenant id>` over tenant `settings.preference_set` over the
///   environment default, and any node the tenant marks `"__strategy__": "replace"` overrides the
///   recipient's value for that node.
///
/// Layers merge deeply; `null` never erases a lower layer (unset sections read back as null).
///
/// ```swift
/// let layers = PreferenceLayers(recipientSets: ["default": ["channel_types": ["sms": false]]])
/// layers.effective().json   // {"channel_types": {"sms": false}}
/// ```
public struct PreferenceLayers: Sendable {
    /// The recipient's stored sets by set id (`default`, tenant ids).
    public var recipientSets: [String: JSON]
    public var tenantID: String?
    /// The tenant's `settings.preference_set`.
    public var tenantPreferenceSet: JSON?
    /// The environment's default preference set, if the engine has one.
    public var environmentDefault: JSON?

    public init(recipientSets: [String: JSON] = [:], tenantID: String? = nil, tenantPreferenceSet: JSON? = nil, environmentDefault: JSON? = nil) {
        self.recipientSets = recipientSets
        self.tenantID = tenantID
        self.tenantPreferenceSet = tenantPreferenceSet
        self.environmentDefault = environmentDefault
    }

    /// The merged set plus whether the tenant path was taken.
    public struct Effective: Sendable {
        public var json: JSON
        public var set: PreferenceSet
        public var usedTenant: Bool
    }

    public func effective() -> Effective {
        let env = environmentDefault ?? [:]
        let tenantData = tenantID.map { id in (tenantPreferenceSet.map { !$0.isNull } ?? false) || recipientSets[id] != nil } ?? false
        var merged: JSON
        if tenantData, let id = tenantID {
            let tenant = tenantPreferenceSet ?? [:]
            merged = Self.merge(Self.merge(env, tenant), recipientSets[id] ?? [:])
            Self.applyReplacements(from: tenant, into: &merged, path: [])
        } else {
            merged = Self.merge(env, recipientSets["default"] ?? [:])
        }
        merged = Self.stripStrategy(merged)
        return Effective(json: merged, set: PreferenceSet(json: merged), usedTenant: tenantData)
    }

    /// Deep merge; objects merge key by key, anything else in `top` replaces `base`, null is ignored.
    static func merge(_ base: JSON, _ top: JSON) -> JSON {
        guard case .object(var b) = base, case .object(let t) = top else { return top.isNull ? base : top }
        for (k, v) in t where !v.isNull {
            b[k] = b[k].map { merge($0, v) } ?? v
        }
        return .object(b)
    }

    /// Copies every tenant node marked `__strategy__: "replace"` over the merged result.
    static func applyReplacements(from node: JSON, into merged: inout JSON, path: [String]) {
        guard case .object(let o) = node else { return }
        if o["__strategy__"]?.stringValue == "replace", !path.isEmpty {
            set(&merged, path: path[...], to: node)
            return
        }
        for (k, v) in o { applyReplacements(from: v, into: &merged, path: path + [k]) }
    }

    private static func set(_ target: inout JSON, path: ArraySlice<String>, to value: JSON) {
        guard let first = path.first else { target = value; return }
        var o = target.objectValue ?? [:]
        var child = o[first] ?? .object([:])
        set(&child, path: path.dropFirst(), to: value)
        o[first] = child
        target = .object(o)
    }

    static func stripStrategy(_ json: JSON) -> JSON {
        switch json {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o where k != "__strategy__" && k != "__persistence_strategy__" { out[k] = stripStrategy(v) }
            return .object(out)
        case .array(let a): return .array(a.map(stripStrategy))
        default: return json
        }
    }
}
