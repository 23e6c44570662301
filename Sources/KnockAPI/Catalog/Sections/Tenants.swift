extension Catalog {
    /// `tenants ...` commands.
    static let tenants: [Endpoint] = [
        Endpoint("tenants", "list", .get, "/v1/tenants", summary: ""),
        Endpoint("tenants", "get", .get, "/v1/tenants/{id}", summary: ""),
        Endpoint("tenants", "set", .put, "/v1/tenants/{id}", summary: ""),
        Endpoint("tenants", "delete", .delete, "/v1/tenants/{id}", summary: ""),
    ]
}
