extension Catalog {
    /// `subscriptions ...` commands.
    static let subscriptions: [Endpoint] = [
        Endpoint("subscriptions", "list", .get, "/v1/objects/{collection}/{object_id}/subscriptions", summary: ""),
        Endpoint("subscriptions", "list-for-user", .get, "/v1/users/{user_id}/subscriptions", summary: ""),
        Endpoint("subscriptions", "add", .post, "/v1/objects/{collection}/{object_id}/subscriptions", summary: ""),
        Endpoint("subscriptions", "bulk-add", .post, "/v1/objects/{collection}/bulk/subscriptions/add", summary: ""),
        Endpoint("subscriptions", "delete", .delete, "/v1/objects/{collection}/{object_id}/subscriptions", summary: ""),
    ]
}
