extension Catalog {
    /// `preferences ...` commands.
    static let preferences: [Endpoint] = [
        Endpoint("preferences", "list-for-user", .get, "/v1/users/{user_id}/preferences", summary: ""),
        Endpoint("preferences", "get-for-user", .get, "/v1/users/{user_id}/preferences/{id}", summary: ""),
        Endpoint("preferences", "set-for-user", .put, "/v1/users/{user_id}/preferences/{id}", summary: ""),
        Endpoint("preferences", "list-for-object", .get, "/v1/objects/{collection}/{object_id}/preferences", summary: ""),
        Endpoint("preferences", "get-for-object", .get, "/v1/objects/{collection}/{object_id}/preferences/{id}", summary: ""),
        Endpoint("preferences", "set-for-object", .put, "/v1/objects/{collection}/{object_id}/preferences/{id}", summary: ""),
        Endpoint("preferences", "bulk-set-for-users", .post, "/v1/users/bulk/preferences", summary: ""),
    ]
}
