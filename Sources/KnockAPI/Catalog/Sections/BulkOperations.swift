extension Catalog {
    /// `bulk-operations ...` commands.
    static let bulkOperations: [Endpoint] = [
        Endpoint("bulk-operations", "get", .get, "/v1/bulk_operations/{id}", summary: ""),
    ]
}
