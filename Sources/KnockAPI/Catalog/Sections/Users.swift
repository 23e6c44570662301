extension Catalog {
    /// `users ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let users: [Endpoint] = [
        Endpoint(
            "users", "identify", .put, "/v1/users/{user_id}", tier: 3,
            summary: "Create or update a user with the provided identification data.",
            parameters: [
                .body("avatar", .string, "A URL for the avatar of the user."),
                .body("channel_data", .object, "Channel-specific information that's needed to deliver a notification to an end provider."),
                .body("created_at", .string, "The creation date of the user from your system."),
                .body("email", .string, "The primary email address for the user."),
                .body("locale", .string, "The locale of the user."),
                .body("name", .string, "Display name of the user."),
                .body("phone_number", .string, "The E.164 phone number of the user (required for SMS channels)."),
                .body("preferences", .object, "A set of preferences for the user."),
                .body("timezone", .string, "The timezone of the user."),
            ]
        ),
        Endpoint(
            "users", "list", .get, "/v1/users", tier: 4,
            summary: "Retrieve a paginated list of users in the environment.",
            parameters: [
                .query("include", .array(of: .string), values: ["preferences"], "Associated resources to include in the response."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "users", "get", .get, "/v1/users/{user_id}", tier: 4,
            summary: "Retrieve a specific user by their ID."
        ),
        Endpoint(
            "users", "messages", .get, "/v1/users/{user_id}/messages", tier: 4,
            summary: "Returns a paginated list of messages for a specific user.",
            parameters: Catalog.messageListParameters
        ),
        Endpoint(
            "users", "delete", .delete, "/v1/users/{user_id}", tier: 2,
            summary: "Permanently delete a user and all associated data."
        ),
        Endpoint(
            "users", "merge", .post, "/v1/users/{user_id}/merge", tier: 2,
            summary: "Merges the user given by `from_user_id` into the user `user_id`.",
            parameters: [
                .body("from_user_id", .string, required: true, "The user ID to merge from."),
            ]
        ),
        Endpoint(
            "users", "bulk-identify", .post, "/v1/users/bulk/identify", tier: 1,
            summary: "Identifies multiple users in a single operation.",
            parameters: [
                .body("users", .array(of: .object), required: true, "A list of users."),
            ]
        ),
        Endpoint(
            "users", "bulk-delete", .post, "/v1/users/bulk/delete", tier: 1,
            summary: "Permanently deletes up to 1,000 users at a time.",
            parameters: [
                .body("user_ids", .array(of: .string), required: true, "A list of user IDs."),
            ]
        ),
    ]
}
