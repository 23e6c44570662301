extension Catalog {
    /// `bulk-operations ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let bulkOperations: [Endpoint] = [
        Endpoint(
            "bulk-operations", "get", .get, "/v1/bulk_operations/{id}", tier: 4,
            summary: "Retrieves a bulk operation (if it exists) and displays the current state of it."
        ),
    ]
}
