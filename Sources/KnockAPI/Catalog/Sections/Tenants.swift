extension Catalog {
    /// `tenants ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let tenants: [Endpoint] = [
        Endpoint(
            "tenants", "list", .get, "/v1/tenants", tier: 4,
            summary: "List tenants for the current environment.",
            parameters: [
                .query("tenant_id", .string, "Filter tenants by ID."),
                .query("name", .string, "Filter tenants by name."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "tenants", "get", .get, "/v1/tenants/{id}", tier: 4,
            summary: "Get a tenant by ID.",
            parameters: [
                .query("resolve_full_preference_settings", .boolean, "When true, merges environment-level default preferences into the tenant's `settings.preference_set` field before returning the response."),
            ]
        ),
        Endpoint(
            "tenants", "set", .put, "/v1/tenants/{id}", tier: 3,
            summary: "Sets a tenant within an environment, performing an upsert operation.",
            parameters: [
                .query("resolve_full_preference_settings", .boolean, "When true, merges environment-level default preferences into the tenant's `settings.preference_set` field before returning the response."),
                .body("channel_data", .object, "The channel data for the tenant."),
                .body("name", .string, "An optional name for the tenant."),
                .body("settings", .object, "The settings for the tenant."),
            ]
        ),
        Endpoint(
            "tenants", "delete", .delete, "/v1/tenants/{id}", tier: 2,
            summary: "Delete a tenant and all associated data."
        ),
    ]
}
