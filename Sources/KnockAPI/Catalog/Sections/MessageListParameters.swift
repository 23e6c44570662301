extension Catalog {
    /// The paging and filter parameters every message list shares (`messages list`,
    /// `users messages`, `objects messages`): one list, as in Knock's spec.
    static let messageListParameters: [Parameter] = [
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
    ] + Catalog.pageParameters
}
