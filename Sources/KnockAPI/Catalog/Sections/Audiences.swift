extension Catalog {
    /// `audiences ...` commands.
    static let audiences: [Endpoint] = [
        Endpoint("audiences", "list-members", .get, "/v1/audiences/{key}/members", summary: ""),
        Endpoint("audiences", "add-members", .post, "/v1/audiences/{key}/members", summary: ""),
        Endpoint("audiences", "remove-members", .delete, "/v1/audiences/{key}/members", summary: ""),
    ]
}
