extension Catalog {
    /// `workflows ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let workflows: [Endpoint] = [
        Endpoint(
            "workflows", "trigger", .post, "/v1/workflows/{key}/trigger", tier: 5,
            summary: "Triggers the workflow KEY for the given recipients; returns a `workflow_run_id` at once.",
            parameters: [
                .body("actor", .oneOf([.string, .object]), "A map of properties describing a user or an object to identify in Knock and mark as who or what performed the action."),
                .body("cancellation_key", .string, "A key that is used to reference a specific workflow trigger request when issuing a workflow cancellation request."),
                .body("data", .object, "An optional map of data to pass into the workflow execution."),
                .body("recipients", .array(of: .oneOf([.string, .object])), required: true, "The recipients to trigger the workflow for."),
                .body("settings", .object, "Optional settings that control how this workflow trigger is executed."),
                .body("tenant", .oneOf([.string, .object]), "The tenant to trigger the workflow for."),
            ]
        ),
        Endpoint(
            "workflows", "cancel", .post, "/v1/workflows/{key}/cancel", tier: 5,
            summary: "Cancels the queued runs of workflow KEY that were triggered with the given `cancellation_key`.",
            parameters: [
                .body("cancellation_key", .string, required: true, "A key that is used to reference a specific workflow trigger request when issuing a workflow cancellation request."),
                .body("recipients", .array(of: .oneOf([.string, .object])), "A list of recipients to cancel the notification for."),
            ]
        ),
    ]
}
