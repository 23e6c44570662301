extension Catalog {
    /// `objects ...` commands.
    static let objects: [Endpoint] = [
        Endpoint("objects", "list", .get, "/v1/objects/{collection}", summary: ""),
        Endpoint("objects", "get", .get, "/v1/objects/{collection}/{id}", summary: ""),
        Endpoint("objects", "messages", .get, "/v1/objects/{collection}/{id}/messages", summary: ""),
        Endpoint("objects", "set", .put, "/v1/objects/{collection}/{id}", summary: ""),
        Endpoint("objects", "delete", .delete, "/v1/objects/{collection}/{id}", summary: ""),
        Endpoint("objects", "bulk-set", .post, "/v1/objects/{collection}/bulk/set", summary: ""),
        Endpoint("objects", "bulk-delete", .post, "/v1/objects/{collection}/bulk/delete", summary: ""),
    ]
}
