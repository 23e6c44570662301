extension Catalog {
    /// `messages ...` commands.
    static let messages: [Endpoint] = [
        Endpoint("messages", "list", .get, "/v1/messages", summary: ""),
        Endpoint("messages", "get", .get, "/v1/messages/{message_id}", summary: ""),
        Endpoint("messages", "events", .get, "/v1/messages/{message_id}/events", summary: ""),
        Endpoint("messages", "activities", .get, "/v1/messages/{message_id}/activities", summary: ""),
        Endpoint("messages", "content", .get, "/v1/messages/{message_id}/content", summary: ""),
        Endpoint("messages", "batch-content", .get, "/v1/messages/batch/content", summary: ""),
        Endpoint("messages", "delivery-logs", .get, "/v1/messages/{message_id}/delivery_logs", summary: ""),
        Endpoint("messages", "mark-seen", .put, "/v1/messages/{message_id}/seen", summary: ""),
        Endpoint("messages", "mark-read", .put, "/v1/messages/{message_id}/read", summary: ""),
        Endpoint("messages", "mark-interacted", .put, "/v1/messages/{message_id}/interacted", summary: ""),
        Endpoint("messages", "mark-archived", .put, "/v1/messages/{message_id}/archived", summary: ""),
        Endpoint("messages", "unmark-seen", .delete, "/v1/messages/{message_id}/seen", summary: ""),
        Endpoint("messages", "unmark-read", .delete, "/v1/messages/{message_id}/read", summary: ""),
        Endpoint("messages", "unmark-archived", .delete, "/v1/messages/{message_id}/archived", summary: ""),
        Endpoint("messages", "batch-seen", .post, "/v1/messages/batch/seen", summary: ""),
        Endpoint("messages", "batch-unseen", .post, "/v1/messages/batch/unseen", summary: ""),
        Endpoint("messages", "batch-read", .post, "/v1/messages/batch/read", summary: ""),
        Endpoint("messages", "batch-unread", .post, "/v1/messages/batch/unread", summary: ""),
        Endpoint("messages", "batch-interacted", .post, "/v1/messages/batch/interacted", summary: ""),
        Endpoint("messages", "batch-archived", .post, "/v1/messages/batch/archived", summary: ""),
        Endpoint("messages", "batch-unarchived", .post, "/v1/messages/batch/unarchived", summary: ""),
        Endpoint("messages", "bulk-channel-status", .post, "/v1/channels/{channel_id}/messages/bulk/{action}", summary: ""),
    ]
}
