extension Catalog {
    /// `preferences ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let preferences: [Endpoint] = [
        Endpoint(
            "preferences", "list-for-user", .get, "/v1/users/{user_id}/preferences", tier: 4,
            summary: "Retrieves a list of all preference sets for a specific user."
        ),
        Endpoint(
            "preferences", "get-for-user", .get, "/v1/users/{user_id}/preferences/{id}", tier: 4,
            summary: "Retrieves a specific preference set for a user identified by the preference set ID.",
            parameters: [
                .query("tenant", .string, "The unique identifier for the tenant."),
            ]
        ),
        Endpoint(
            "preferences", "set-for-user", .put, "/v1/users/{user_id}/preferences/{id}", tier: 3,
            summary: "Updates a complete preference set for a user.",
            parameters: [
                .body("__persistence_strategy__", .string, values: ["merge", "replace"], "Controls how the preference set is persisted."),
                .body("categories", .object, "An object where the key is the category and the values are the preference settings for that category."),
                .body("channel_types", .object, "An object where the key is the channel type and the values are the preference settings for that channel type."),
                .body("channels", .object, "An object where the key is the channel ID and the values are the preference settings for that channel ID."),
                .body("commercial_subscribed", .oneOf([.boolean, .object]), "Whether the recipient is subscribed to commercial communications."),
                .body("workflows", .object, "An object where the key is the workflow key and the values are the preference settings for that workflow."),
            ]
        ),
        Endpoint(
            "preferences", "list-for-object", .get, "/v1/objects/{collection}/{object_id}/preferences", tier: 4,
            summary: "Returns a paginated list of preference sets for the specified object."
        ),
        Endpoint(
            "preferences", "get-for-object", .get, "/v1/objects/{collection}/{object_id}/preferences/{id}", tier: 4,
            summary: "Returns the preference set for the specified object and preference set `id`."
        ),
        Endpoint(
            "preferences", "set-for-object", .put, "/v1/objects/{collection}/{object_id}/preferences/{id}", tier: 3,
            summary: "Sets preferences within the given preference set.",
            parameters: [
                .body("__persistence_strategy__", .string, values: ["merge", "replace"], "Controls how the preference set is persisted."),
                .body("categories", .object, "An object where the key is the category and the values are the preference settings for that category."),
                .body("channel_types", .object, "An object where the key is the channel type and the values are the preference settings for that channel type."),
                .body("channels", .object, "An object where the key is the channel ID and the values are the preference settings for that channel ID."),
                .body("commercial_subscribed", .oneOf([.boolean, .object]), "Whether the recipient is subscribed to commercial communications."),
                .body("workflows", .object, "An object where the key is the workflow key and the values are the preference settings for that workflow."),
            ]
        ),
        Endpoint(
            "preferences", "bulk-set-for-users", .post, "/v1/users/bulk/preferences", tier: 1,
            summary: "Bulk sets the preferences for up to 1,000 users at a time.",
            parameters: [
                .body("preferences", .object, required: true, "A preference set to apply in a bulk operation."),
                .body("user_ids", .array(of: .string), required: true, "A list of user IDs."),
            ]
        ),
    ]
}
