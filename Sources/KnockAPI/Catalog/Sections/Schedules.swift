extension Catalog {
    /// `schedules ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let schedules: [Endpoint] = [
        Endpoint(
            "schedules", "list", .get, "/v1/schedules", tier: 4,
            summary: "Returns a paginated list of a workflow's schedules, optionally filtered by recipients and tenant.",
            parameters: [
                .query("workflow", .string, required: true, "Filter by workflow key."),
                .query("recipients[]", .array(of: .oneOf([.string, .object])), "Filter by recipient references."),
                .query("tenant", .string, "Filter by tenant ID."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "schedules", "list-for-user", .get, "/v1/users/{user_id}/schedules", tier: 4,
            summary: "Returns a paginated list of schedules for a specific user, in descending order.",
            parameters: [
                .query("workflow", .string, "The workflow key to filter schedules for."),
                .query("tenant", .string, "The tenant ID to filter schedules for."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "schedules", "list-for-object", .get, "/v1/objects/{collection}/{id}/schedules", tier: 4,
            summary: "Returns a paginated list of schedules for an object.",
            parameters: [
                .query("tenant", .string, "Filter schedules by tenant id."),
                .query("workflow", .string, "Filter schedules by workflow id."),
            ] + Catalog.pageParameters
        ),
        Endpoint(
            "schedules", "create", .post, "/v1/schedules", tier: 3,
            summary: "Creates one or more schedules for a workflow with the specified recipients, timing, and data.",
            parameters: [
                .body("actor", .oneOf([.string, .object]), "A map of properties describing a user or an object to identify in Knock and mark as who or what performed the action."),
                .body("data", .object, "An optional map of data to pass into the workflow execution."),
                .body("ending_at", .string, "The ending date and time for the schedule."),
                .body("recipients", .array(of: .oneOf([.string, .object])), required: true, "The recipients to set the schedule for."),
                .body("repeats", .array(of: .object), "The repeat rule for the schedule."),
                .body("scheduled_at", .string, "The starting date and time for the schedule."),
                .body("tenant", .oneOf([.string, .object]), "The tenant to trigger the workflow for."),
                .body("workflow", .string, required: true, "The key of the workflow."),
            ]
        ),
        Endpoint(
            "schedules", "update", .put, "/v1/schedules", tier: 3,
            summary: "Updates one or more existing schedules with new timing, data, or other properties.",
            parameters: [
                .body("actor", .oneOf([.string, .object]), "A map of properties describing a user or an object to identify in Knock and mark as who or what performed the action."),
                .body("data", .object, "An optional map of data to pass into the workflow execution."),
                .body("ending_at", .string, "The ending date and time for the schedule."),
                .body("repeats", .array(of: .object), "The repeat rule for the schedule."),
                .body("schedule_ids", .array(of: .string), required: true, "A list of schedule IDs."),
                .body("scheduled_at", .string, "The starting date and time for the schedule."),
                .body("tenant", .oneOf([.string, .object]), "The tenant to trigger the workflow for."),
            ]
        ),
        Endpoint(
            "schedules", "delete", .delete, "/v1/schedules", tier: 3,
            summary: "Permanently deletes one or more schedules identified by the provided schedule IDs.",
            parameters: [
                .body("schedule_ids", .array(of: .string), required: true, "A list of schedule IDs."),
            ]
        ),
    ]
}
