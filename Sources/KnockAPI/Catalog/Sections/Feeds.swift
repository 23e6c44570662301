extension Catalog {
    /// `feeds ...` commands.
    static let feeds: [Endpoint] = [
        Endpoint("feeds", "get", .get, "/v1/users/{user_id}/feeds/{id}", summary: ""),
    ]
}
