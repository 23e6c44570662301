extension Catalog {
    /// `workflows ...` commands.
    static let workflows: [Endpoint] = [
        Endpoint("workflows", "trigger", .post, "/v1/workflows/{key}/trigger", summary: ""),
        Endpoint("workflows", "cancel", .post, "/v1/workflows/{key}/cancel", summary: ""),
    ]
}
