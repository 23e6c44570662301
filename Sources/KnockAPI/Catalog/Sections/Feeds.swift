extension Catalog {
    /// `feeds ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let feeds: [Endpoint] = [
        Endpoint(
            "feeds", "get", .get, "/v1/users/{user_id}/feeds/{id}", tier: 2,
            summary: "Returns a user's feed items, newest first, with the feed's unread/unseen counts.",
            parameters: [
                .query("status", .string, values: ["unread", "read", "unseen", "seen", "all"], "The status of the feed items."),
                .query("source", .string, "The workflow key associated with the message in the feed."),
                .query("tenant", .string, "The tenant associated with the feed items."),
                .query("has_tenant", .boolean, "Whether the feed items have a tenant."),
                .query("workflow_categories", .array(of: .string), "The workflow categories of the feed items."),
                .query("archived", .string, values: ["exclude", "include", "only"], "The archived status of the feed items."),
                .query("trigger_data", .string, "The trigger data of the feed items (as a JSON string)."),
                .query("locale", .string, "The locale to render the feed items in."),
                .query("exclude", .string, "Comma-separated list of field paths to exclude from the response."),
                .query("mode", .string, values: ["compact", "rich"], "The mode to render the feed items in."),
                .query("inserted_at.gt", .string, "Limits the results to items inserted after the given date."),
                .query("inserted_at.gte", .string, "Limits the results to items inserted after or on the given date."),
                .query("inserted_at.lt", .string, "Limits the results to items inserted before the given date."),
                .query("inserted_at.lte", .string, "Limits the results to items inserted before or on the given date."),
            ] + Catalog.pageParameters
        ),
    ]
}
