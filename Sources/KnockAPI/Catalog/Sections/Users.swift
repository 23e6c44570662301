extension Catalog {
    /// `users ...` commands.
    static let users: [Endpoint] = [
        Endpoint("users", "identify", .put, "/v1/users/{user_id}", summary: ""),
        Endpoint("users", "list", .get, "/v1/users", summary: ""),
        Endpoint("users", "get", .get, "/v1/users/{user_id}", summary: ""),
        Endpoint("users", "messages", .get, "/v1/users/{user_id}/messages", summary: ""),
        Endpoint("users", "delete", .delete, "/v1/users/{user_id}", summary: ""),
        Endpoint("users", "merge", .post, "/v1/users/{user_id}/merge", summary: ""),
        Endpoint("users", "bulk-identify", .post, "/v1/users/bulk/identify", summary: ""),
        Endpoint("users", "bulk-delete", .post, "/v1/users/bulk/delete", summary: ""),
    ]
}
