extension Catalog {
    /// `slack ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let slack: [Endpoint] = [
        Endpoint(
            "slack", "auth-check", .get, "/v1/providers/slack/{channel_id}/auth_check", tier: 2,
            summary: "Check if a Slack channel is authenticated.",
            parameters: [
                .query("access_token_object", .string, required: true, "A JSON encoded string containing the access token object reference."),
            ]
        ),
        Endpoint(
            "slack", "channels", .get, "/v1/providers/slack/{channel_id}/channels", tier: 2,
            summary: "List Slack channels for a Slack workspace.",
            parameters: [
                .query("access_token_object", .string, required: true, "A JSON encoded string containing the access token object reference."),
                .query("query_options.cursor", .string, "Paginate through collections of data by setting the cursor parameter to a next_cursor attribute returned by a previous request's..."),
                .query("query_options.limit", .integer, "The maximum number of channels to return."),
                .query("query_options.exclude_archived", .boolean, "Set to true to exclude archived channels from the list."),
                .query("query_options.types", .string, "Mix and match channel types by providing a comma-separated list of any combination of public_channel, private_channel, mpim, im."),
                .query("query_options.team_id", .string, "Encoded team ID (T1234) to list channels in, required if org token is used."),
            ]
        ),
        Endpoint(
            "slack", "revoke-access", .put, "/v1/providers/slack/{channel_id}/revoke_access", tier: 2,
            summary: "Revoke access for a Slack channel.",
            parameters: [
                .query("access_token_object", .string, required: true, "A JSON encoded string containing the access token object reference."),
            ]
        ),
    ]
}
