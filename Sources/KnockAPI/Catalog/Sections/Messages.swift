extension Catalog {
    /// `messages ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let messages: [Endpoint] = [
        Endpoint(
            "messages", "list", .get, "/v1/messages", tier: 4,
            summary: "Returns a paginated list of messages for the current environment.",
            parameters: Catalog.messageListParameters
        ),
        Endpoint(
            "messages", "get", .get, "/v1/messages/{message_id}", tier: 4,
            summary: "Retrieves a specific message by its ID."
        ),
        Endpoint(
            "messages", "events", .get, "/v1/messages/{message_id}/events", tier: 3,
            summary: "Returns a paginated list of events for the specified message.",
            parameters: Catalog.pageParameters
        ),
        Endpoint(
            "messages", "activities", .get, "/v1/messages/{message_id}/activities", tier: 4,
            summary: "Returns a paginated list of activities for the specified message.",
            parameters: [
                .query("trigger_data", .string, "The trigger data to filter activities by."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "messages", "content", .get, "/v1/messages/{message_id}/content", tier: 4,
            summary: "Returns the fully rendered contents of a message; the shape depends on its channel type."
        ),
        Endpoint(
            "messages", "batch-content", .get, "/v1/messages/batch/content", tier: 4,
            summary: "Get the contents of multiple messages in a single request.",
            parameters: [
                .query("message_ids", .array(of: .string), required: true, "The IDs of the messages to fetch contents of."),
            ]
        ),
        Endpoint(
            "messages", "delivery-logs", .get, "/v1/messages/{message_id}/delivery_logs", tier: 3,
            summary: "Returns a paginated list of delivery logs for the specified message.",
            parameters: Catalog.pageParameters
        ),
        Endpoint(
            "messages", "mark-seen", .put, "/v1/messages/{message_id}/seen", tier: 2,
            summary: "Marks a message as `seen`."
        ),
        Endpoint(
            "messages", "mark-read", .put, "/v1/messages/{message_id}/read", tier: 2,
            summary: "Marks a message as `read`."
        ),
        Endpoint(
            "messages", "mark-interacted", .put, "/v1/messages/{message_id}/interacted", tier: 2,
            summary: "Marks a message as `interacted` with by the user.",
            parameters: [
                .body("metadata", .object, "Metadata about the interaction."),
            ]
        ),
        Endpoint(
            "messages", "mark-archived", .put, "/v1/messages/{message_id}/archived", tier: 2,
            summary: "Archives a message for the user."
        ),
        Endpoint(
            "messages", "unmark-seen", .delete, "/v1/messages/{message_id}/seen", tier: 2,
            aliases: ["/v1/messages/{message_id}/unseen"],
            summary: "Marks a message as `unseen`."
        ),
        Endpoint(
            "messages", "unmark-read", .delete, "/v1/messages/{message_id}/read", tier: 2,
            aliases: ["/v1/messages/{message_id}/unread"],
            summary: "Marks a message as `unread`."
        ),
        Endpoint(
            "messages", "unmark-archived", .delete, "/v1/messages/{message_id}/archived", tier: 2,
            aliases: ["/v1/messages/{message_id}/unarchived"],
            summary: "Removes a message from the archived state, so the feed shows it again."
        ),
        Endpoint(
            "messages", "batch-seen", .post, "/v1/messages/batch/seen", tier: 3,
            summary: "Marks the given messages as `seen`.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to update the status of."),
            ]
        ),
        Endpoint(
            "messages", "batch-unseen", .post, "/v1/messages/batch/unseen", tier: 3,
            summary: "Marks the given messages as `unseen`.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to update the status of."),
            ]
        ),
        Endpoint(
            "messages", "batch-read", .post, "/v1/messages/batch/read", tier: 3,
            summary: "Marks the given messages as `read`.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to update the status of."),
            ]
        ),
        Endpoint(
            "messages", "batch-unread", .post, "/v1/messages/batch/unread", tier: 3,
            summary: "Marks the given messages as `unread`.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to update the status of."),
            ]
        ),
        Endpoint(
            "messages", "batch-interacted", .post, "/v1/messages/batch/interacted", tier: 3,
            summary: "Marks the given messages as interacted with by the user.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to batch mark as interacted with."),
                .body("metadata", .object, "Metadata about the interaction."),
            ]
        ),
        Endpoint(
            "messages", "batch-archived", .post, "/v1/messages/batch/archived", tier: 3,
            summary: "Marks the given messages as archived.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to update the status of."),
            ]
        ),
        Endpoint(
            "messages", "batch-unarchived", .post, "/v1/messages/batch/unarchived", tier: 3,
            summary: "Marks the given messages as unarchived.",
            parameters: [
                .body("message_ids", .array(of: .string), required: true, "The message IDs to update the status of."),
            ]
        ),
        Endpoint(
            "messages", "bulk-channel-status", .post, "/v1/channels/{channel_id}/messages/bulk/{action}", tier: 2,
            summary: "Bulk update the status of messages for a specific channel.",
            parameters: [
                .body("archived", .string, values: ["exclude", "include", "only"], "Limits the results to messages with the given archived status."),
                .body("delivery_status", .string, values: ["queued", "sent", "delivered", "delivery_attempted", "undelivered", "not_sent", "bounced"], "Limits the results to messages with the given delivery status."),
                .body("engagement_status", .string, values: ["seen", "unseen", "read", "unread", "archived", "unarchived", "link_clicked", "interacted"], "Limits the results to messages with the given engagement status."),
                .body("has_tenant", .boolean, "Limits the results to messages that have a tenant or not."),
                .body("newer_than", .string, "Limits the results to messages inserted after the given date."),
                .body("older_than", .string, "Limits the results to messages inserted before the given date."),
                .body("recipient_ids", .array(of: .string), "Limits the results to messages with the given recipient IDs."),
                .body("tenants", .array(of: .string), "Limits the results to messages with the given tenant IDs."),
                .body("trigger_data", .string, "Limits the results to only messages that were generated with the given data."),
                .body("workflows", .array(of: .string), "Limits the results to messages with the given workflow keys."),
            ]
        ),
    ]
}
