extension Catalog {
    /// `slack ...` commands.
    static let slack: [Endpoint] = [
        Endpoint("slack", "auth-check", .get, "/v1/providers/slack/{channel_id}/auth_check", summary: ""),
        Endpoint("slack", "channels", .get, "/v1/providers/slack/{channel_id}/channels", summary: ""),
        Endpoint("slack", "revoke-access", .put, "/v1/providers/slack/{channel_id}/revoke_access", summary: ""),
    ]
}
