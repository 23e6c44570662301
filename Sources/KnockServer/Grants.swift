import KnockCore
import KnockEngine

/// Grant checks for enhanced-security user tokens (semantics §7.1): which grant each client-side
/// endpoint needs, and on which resource.
///
/// Grants are UCAN-style, `{"https://api.knock.app/v1/users/u1": {"user/read": [{}]}}`; any array
/// value (`[{}]` or `[]`) grants. Enforced when the token says `explicit_grants: true` (deny
/// what is not granted), and for feed and preference actions whenever the token grants on
/// tenants: those are then limited to the granted tenants (the request's `tenant`), and a
/// request without a tenant needs the grant on the user. Tokens without either keep the
/// user-scoped access every valid token has.
///
/// ```swift
/// try Grants.check(claims, endpointID: "preferences get-for-user", tenant: "acme")   // 403 unless granted
/// ```
enum Grants {
    /// The grant each publishable-key endpoint needs.
    static let required: [String: String] = {
        var r: [String: String] = [
            "users get": "user/read", "users identify": "user/write",
            "preferences list-for-user": "preferences/read", "preferences get-for-user": "preferences/read",
            "preferences set-for-user": "preferences/write",
            "channel-data get-for-user": "channel_data/read", "channel-data set-for-user": "channel_data/write",
            "channel-data unset-for-user": "channel_data/write",
            "feeds get": "user/feed_read",
            "slack auth-check": "slack/channels_read", "slack channels": "slack/channels_read", "slack revoke-access": "slack/channels_read",
        ]
        for id in Auth.publishableEndpoints where id.hasPrefix("messages ") { r[id] = "user/feed_write" }
        return r
    }()

    /// Spellings seen in Knock's docs for the same grants.
    static let aliases = ["feed/read": "user/feed_read", "user_feed/read": "user/feed_read",
                          "feed/write": "user/feed_write", "user_feed/write": "user/feed_write"]
    /// Actions tenant grants limit.
    static let tenantScoped: Set = ["preferences/read", "preferences/write", "user/feed_read", "user/feed_write"]

    static func check(_ claims: UserToken.Claims, endpointID: String, tenant: String?) throws(EngineError) {
        guard let action = required[endpointID] else { return }
        let granted = table(claims.grants ?? [:])
        let user = "users/\(claims.subject)"
        if tenantScoped.contains(action), granted.keys.contains(where: { $0.hasPrefix("tenants/") }) {
            let target = tenant.map { "tenants/\($0)" } ?? user
            guard granted[target]?.contains(action) == true else { throw denied(action, on: target) }
            return
        }
        guard claims.explicitGrants else { return }
        if action.hasPrefix("slack/") {
            // Granted on the object holding the access token; which one is in the request body or query, so any resource will do.
            guard granted.values.contains(where: { $0.contains(action) }) else { throw denied(action, on: "any object") }
            return
        }
        if granted[user]?.contains(action) == true { return }
        if let tenant, granted["tenants/\(tenant)"]?.contains(action) == true { return }
        throw denied(action, on: user)
    }

    /// Resource (`users/u1`, `tenants/acme`, `objects/projects/p1`) → granted actions.
    static func table(_ grants: JSONObject) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for (resource, actions) in grants {
            guard case .object(let list) = actions else { continue }
            let key = normalized(resource)
            for (name, value) in list {
                guard case .array = value else { continue }
                out[key, default: []].insert(aliases[name] ?? name)
            }
        }
        return out
    }

    /// Drops everything up to `/v1/`; tenants named as `objects/$tenants/<id>` become `tenants/<id>`.
    static func normalized(_ resource: String) -> String {
        var r = Substring(resource)
        if let range = r.range(of: "/v1/") { r = r[range.upperBound...] }
        while r.hasSuffix("/") { r = r.dropLast() }
        if r.hasPrefix("objects/$tenants/") { return "tenants/" + r.dropFirst("objects/$tenants/".count) }
        return String(r)
    }

    static func denied(_ action: String, on resource: String) -> EngineError {
        EngineError(.forbidden, code: "authorization", message: "The user token does not grant \"\(action)\" on \(resource).")
    }
}
