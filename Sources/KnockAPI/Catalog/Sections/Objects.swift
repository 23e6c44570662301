extension Catalog {
    /// `objects ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let objects: [Endpoint] = [
        Endpoint(
            "objects", "list", .get, "/v1/objects/{collection}", tier: 4,
            summary: "Returns a paginated list of objects from the specified collection.",
            parameters: [
                .query("include", .array(of: .string), values: ["preferences"], "Includes preferences of the objects in the response."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "objects", "get", .get, "/v1/objects/{collection}/{id}", tier: 4,
            summary: "Retrieves a specific object by its ID from the specified collection."
        ),
        Endpoint(
            "objects", "messages", .get, "/v1/objects/{collection}/{id}/messages", tier: 4,
            summary: "Returns a paginated list of messages for a specific object in the given collection.",
            parameters: Catalog.messageListParameters
        ),
        Endpoint(
            "objects", "set", .put, "/v1/objects/{collection}/{id}", tier: 3,
            summary: "Creates a new object or updates an existing one in the specified collection.",
            parameters: [
                .body("channel_data", .object, "A request to set channel data for a type of channel inline."),
                .body("locale", .string, "The locale of the object."),
                .body("name", .string, "An optional name for the object."),
                .body("preferences", .object, "Inline set preferences for a recipient, where the key is the preference set id."),
                .body("timezone", .string, "The timezone of the object."),
            ]
        ),
        Endpoint(
            "objects", "delete", .delete, "/v1/objects/{collection}/{id}", tier: 3,
            summary: "Permanently removes an object from the specified collection."
        ),
        Endpoint(
            "objects", "bulk-set", .post, "/v1/objects/{collection}/bulk/set", tier: 1,
            summary: "Bulk sets up to 1,000 objects at a time in the specified collection.",
            parameters: [
                .body("objects", .array(of: .object), required: true, "A list of objects."),
            ]
        ),
        Endpoint(
            "objects", "bulk-delete", .post, "/v1/objects/{collection}/bulk/delete", tier: 1,
            summary: "Bulk deletes objects from the specified collection.",
            parameters: [
                .body("object_ids", .array(of: .string), required: true, "List of object IDs to delete."),
            ]
        ),
    ]
}
