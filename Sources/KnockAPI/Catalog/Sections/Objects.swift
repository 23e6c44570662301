extension Catalog {
    /// `objects ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let objects: [Endpoint] = [
        Endpoint(
            "objects", "list", .get, "/v1/objects/{collection}", tier: 4,
            summary: "Returns a paginated list of objects from the specified collection.",
            parameters: [
                .query("after", .string, "The cursor to fetch entries after."),
                .query("before", .string, "The cursor to fetch entries before."),
                .query("page_size", .integer, "The number of items per page (defaults to 50)."),
                .query("include", .array(of: .string), values: ["preferences"], "Includes preferences of the objects in the response."),
            ]
        ),
        Endpoint(
            "objects", "get", .get, "/v1/objects/{collection}/{id}", tier: 4,
            summary: "Retrieves a specific object by its ID from the specified collection."
        ),
        Endpoint(
            "objects", "messages", .get, "/v1/objects/{collection}/{id}/messages", tier: 4,
            summary: "Returns a paginated list of messages for a specific object in the given collection.",
            parameters: [
                .query("after", .string, "The cursor to fetch entries after."),
                .query("before", .string, "The cursor to fetch entries before."),
                .query("page_size", .integer, "The number of items per page (defaults to 50)."),
                .query("tenant", .string, "Limits the results to items with the corresponding tenant."),
                .query("channel_id", .string, "Limits the results to items with the corresponding channel ID."),
                .query("status", .array(of: .string), values: ["queued", "sent", "delivered", "delivery_attempted", "undelivered", "not_sent", "bounced"], "Limits the results to messages with the given delivery status."),
                .query("engagement_status", .array(of: .string), values: ["seen", "unseen", "read", "unread", "archived", "unarchived", "link_clicked", "interacted"], "Limits the results to messages with the given engagement status."),
                .query("message_ids", .array(of: .string), "Limits the results to only the message IDs given (max 50)."),
                .query("workflow_categories", .array(of: .string), "Limits the results to messages related to any of the provided categories."),
                .query("source", .string, "Limits the results to messages triggered by the given workflow key."),
                .query("workflow_run_id", .string, "Limits the results to messages associated with the top-level workflow run ID returned by the workflow trigger request."),
                .query("workflow_recipient_run_id", .string, "Limits the results to messages for a specific recipient's workflow run."),
                .query("trigger_data", .string, "Limits the results to only messages that were generated with the given data."),
                .query("inserted_at.gt", .string, "Limits the results to items inserted after the given date."),
                .query("inserted_at.gte", .string, "Limits the results to items inserted after or on the given date."),
                .query("inserted_at.lt", .string, "Limits the results to items inserted before the given date."),
                .query("inserted_at.lte", .string, "Limits the results to items inserted before or on the given date."),
            ]
        ),
        Endpoint(
            "objects", "set", .put, "/v1/objects/{collection}/{id}", tier: 3,
            summary: "Creates a new object or updates an existing one in the specified collection.",
            parameters: [
                .body("channel_data", .object, "A request to set channel data for a type of channel inline."),
                .body("locale", .string, "The locale of the object."),
                .body("name", .string, "An optional name for the object."),
                .body("preferences", .object, "Inline set preferences for a recipient, where the key is the preference set id."),
                .body("timezone", .string, "The timezone of the object."),
            ]
        ),
        Endpoint(
            "objects", "delete", .delete, "/v1/objects/{collection}/{id}", tier: 3,
            summary: "Permanently removes an object from the specified collection."
        ),
        Endpoint(
            "objects", "bulk-set", .post, "/v1/objects/{collection}/bulk/set", tier: 1,
            summary: "Bulk sets up to 1,000 objects at a time in the specified collection.",
            parameters: [
                .body("objects", .array(of: .object), required: true, "A list of objects."),
            ]
        ),
        Endpoint(
            "objects", "bulk-delete", .post, "/v1/objects/{collection}/bulk/delete", tier: 1,
            summary: "Bulk deletes objects from the specified collection.",
            parameters: [
                .body("object_ids", .array(of: .string), required: true, "List of object IDs to delete."),
            ]
        ),
    ]
}
