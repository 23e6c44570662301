extension Catalog {
    /// `subscriptions ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let subscriptions: [Endpoint] = [
        Endpoint(
            "subscriptions", "list", .get, "/v1/objects/{collection}/{object_id}/subscriptions", tier: 4,
            summary: "List subscriptions for an object.",
            parameters: [
                .query("mode", .string, values: ["recipient", "object"], "Mode of the request."),
                .query("include", .array(of: .string), values: ["preferences"], "Additional fields to include in the response."),
                .query("recipients[]", .array(of: .oneOf([.string, .object])), "Recipients to filter by (only used if mode is `object`)."),
                .query("objects[]", .array(of: .object), "Objects to filter by (only used if mode is `recipient`)."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "subscriptions", "list-for-user", .get, "/v1/users/{user_id}/subscriptions", tier: 4,
            summary: "Retrieves a paginated list of subscriptions for a specific user, in descending order.",
            parameters: [
                .query("include", .array(of: .string), values: ["preferences"], "Associated resources to include in the response."),
                .query("objects[]", .array(of: .oneOf([.string, .object])), "Only returns subscriptions for the specified object references."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "subscriptions", "add", .post, "/v1/objects/{collection}/{object_id}/subscriptions", tier: 3,
            summary: "Add subscriptions for an object.",
            parameters: [
                .body("properties", .object, "The custom properties associated with the subscription relationship."),
                .body("recipients", .array(of: .oneOf([.string, .object])), required: true, "The recipients of the subscription."),
            ]
        ),
        Endpoint(
            "subscriptions", "bulk-add", .post, "/v1/objects/{collection}/bulk/subscriptions/add", tier: 1,
            summary: "Add subscriptions for all objects in a single collection.",
            parameters: [
                .body("subscriptions", .array(of: .object), required: true, "A nested list of subscriptions."),
            ]
        ),
        Endpoint(
            "subscriptions", "delete", .delete, "/v1/objects/{collection}/{object_id}/subscriptions", tier: 3,
            summary: "Delete subscriptions for the specified recipients from an object.",
            parameters: [
                .body("recipients", .array(of: .oneOf([.string, .object])), required: true, "The recipients of the subscription."),
            ]
        ),
    ]
}
