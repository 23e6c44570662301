import KnockCore
import KnockEngine

/// Bearer-key authentication (semantics §7.1): which environment a request belongs to and whether
/// the key may call the endpoint.
///
/// ```swift
/// let (env, principal) = try Auth.authenticate(engine: engine, endpointID: "users get",
///     authorization: "Bearer sk_test_…", userToken: nil, pathUserID: "u1")
/// ```
enum Auth {
    /// Endpoints a publishable key may call (the client-side set); everything else needs a secret key.
    static let publishableEndpoints: Set<String> = [
        "users identify", "users get",
        "preferences list-for-user", "preferences get-for-user", "preferences set-for-user",
        "channel-data get-for-user", "channel-data set-for-user", "channel-data unset-for-user",
        "feeds get",
        "messages mark-seen", "messages mark-read", "messages mark-interacted", "messages mark-archived",
        "messages unmark-seen", "messages unmark-read", "messages unmark-archived",
        "messages batch-seen", "messages batch-unseen", "messages batch-read", "messages batch-unread",
        "messages batch-interacted", "messages batch-archived", "messages batch-unarchived",
        "messages bulk-channel-status",
        "slack auth-check", "slack channels", "slack revoke-access",
    ]

    static func bearer(_ authorization: String?) -> String? {
        guard let a = authorization else { return nil }
        let parts = a.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: " ")
        return key.isEmpty ? nil : key
    }

    static func authenticate(engine: Engine, endpointID: String, authorization: String?, userToken: String?,
                             pathUserID: String?, tenant: String? = nil) throws(EngineError) -> (Environment, Principal) {
        guard let key = bearer(authorization) else {
            throw EngineError(.unauthenticated, code: "api_key_missing", message: "No API key was provided. Send it as `Authorization: Bearer <key>`.")
        }
        guard let (env, kind) = engine.environments.find(key: key) else {
            throw EngineError(.unauthenticated, code: "authentication_required", message: "The API key provided is not valid for any environment.")
        }
        if kind == .secret { return (env, .secretKey) }
        guard publishableEndpoints.contains(endpointID) else {
            throw EngineError(.forbidden, code: "incorrect_token_type", message: "This endpoint needs a secret API key; a publishable key was given.")
        }
        guard env.settings.enhancedSecurity else { return (env, .publishableKey(userID: nil)) }
        guard let pem = env.settings.signingPublicKeyPEM else {
            throw EngineError(.unauthenticated, code: "missing_jwt_signing_key", message: "Enhanced security is on but the environment has no signing key configured.")
        }
        guard let token = userToken, !token.isEmpty else {
            throw EngineError(.unauthenticated, code: "missing_user_token", message: "Enhanced security is on: send a signed user token in X-Knock-User-Token.")
        }
        let claims = try UserToken.verify(token, publicKeyPEM: pem, now: engine.now(env))
        if let pathUserID, pathUserID != claims.subject {
            throw EngineError(.forbidden, code: "authorization", message: "The user token is for \"\(claims.subject)\", not \"\(pathUserID)\".")
        }
        try Grants.check(claims, endpointID: endpointID, tenant: tenant)
        return (env, .publishableKey(userID: claims.subject))
    }
}

extension Substring {
    /// Without `set` at either end. Slicing, not reversing: every request's key passes here.
    func trimmingCharacters(in set: Character) -> String {
        var trimmed = self
        while trimmed.first == set { trimmed = trimmed.dropFirst() }
        while trimmed.last == set { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
