extension Catalog {
    /// `audiences ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let audiences: [Endpoint] = [
        Endpoint(
            "audiences", "list-members", .get, "/v1/audiences/{key}/members", tier: 4,
            summary: "Returns a paginated list of members for the specified audience."
        ),
        Endpoint(
            "audiences", "add-members", .post, "/v1/audiences/{key}/members", tier: 3,
            summary: "Adds one or more members to the specified audience.",
            parameters: [
                .query("create_audience", .boolean, "Create the audience if it does not exist."),
                .body("members", .array(of: .object), required: true, "A list of audience members to add."),
            ]
        ),
        Endpoint(
            "audiences", "remove-members", .delete, "/v1/audiences/{key}/members", tier: 3,
            summary: "Removes one or more members from the specified audience.",
            parameters: [
                .body("members", .array(of: .object), required: true, "A list of audience members to remove."),
            ]
        ),
    ]
}
