extension Catalog {
    /// `workflow-recipient-runs ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let workflowRecipientRuns: [Endpoint] = [
        Endpoint(
            "workflow-recipient-runs", "list", .get, "/v1/workflow_recipient_runs", tier: 2,
            summary: "Returns a paginated list of workflow recipient runs for the current environment.",
            parameters: [
                .query("workflow", .string, "Limits the results to workflow recipient runs for the given workflow key."),
                .query("status", .array(of: .string), values: ["queued", "processing", "paused", "completed", "cancelled"], "Limits the results to workflow recipient runs with the given status."),
                .query("tenant", .string, "Limits the results to workflow recipient runs for the given tenant."),
                .query("has_errors", .boolean, "Limits the results to workflow recipient runs that have errors."),
                .query("recipient", .oneOf([.string, .object]), "Limits the results to workflow recipient runs for the given recipient."),
                .query("starting_at", .string, "Limits the results to workflow recipient runs started after the given date."),
                .query("ending_at", .string, "Limits the results to workflow recipient runs started before the given date."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "workflow-recipient-runs", "get", .get, "/v1/workflow_recipient_runs/{id}", tier: 2,
            summary: "Returns a single workflow recipient run with its associated events."
        ),
    ]
}
