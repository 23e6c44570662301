extension Catalog {
    /// `schedules ...` commands.
    static let schedules: [Endpoint] = [
        Endpoint("schedules", "list", .get, "/v1/schedules", summary: ""),
        Endpoint("schedules", "list-for-user", .get, "/v1/users/{user_id}/schedules", summary: ""),
        Endpoint("schedules", "list-for-object", .get, "/v1/objects/{collection}/{id}/schedules", summary: ""),
        Endpoint("schedules", "create", .post, "/v1/schedules", summary: ""),
        Endpoint("schedules", "update", .put, "/v1/schedules", summary: ""),
        Endpoint("schedules", "delete", .delete, "/v1/schedules", summary: ""),
    ]
}
