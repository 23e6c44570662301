extension Catalog {
    /// Commands only the local engine serves: environments, its virtual clock, the simulated
    /// providers' outbox and failure injection. Not in Knock's spec; the paths are the contract
    /// with the engine's admin routes. Against a real Knock environment they are refused before
    /// any request is sent (see `Endpoint.Scope`).
    static let localEngine: [Endpoint] = [
        Endpoint(
            "environments", "create", .post, "/_admin/environments", scope: .localEngine,
            summary: "Creates a fresh environment (own keys, data and clock); answers its id and keys.",
            parameters: [
                .body("name", .string, "A label for the environment (the engine picks one when omitted)."),
                .body("secret_key", .string, "The environment's secret key (`sk_...`; generated when omitted)."),
                .body("publishable_key", .string, "The environment's publishable key (`pk_...`; generated when omitted)."),
                .body("enhanced_security", .boolean, "Require signed user tokens for publishable-key calls."),
                .body("signing_public_key", .string, "PEM public key that verifies user tokens (RS256)."),
                .body("timezone", .string, "Default timezone (tz database name) for recipients without one; UTC when unset."),
            ]
        ),
        Endpoint(
            "environments", "list", .get, "/_admin/environments", scope: .localEngine,
            summary: "Lists the engine's environments with their ids, names and settings."
        ),
        Endpoint(
            "environments", "get", .get, "/_admin/environments/{id}", scope: .localEngine,
            summary: "Shows one environment."
        ),
        Endpoint(
            "environments", "settings", .put, "/_admin/environments/{id}/settings", scope: .localEngine,
            summary: "Changes an environment's settings: security, default preference set, default timezone.",
            parameters: [
                .body("enhanced_security", .boolean, "Require signed user tokens for publishable-key calls."),
                .body("signing_public_key", .string, "PEM public key that verifies user tokens (RS256)."),
                .body("timezone", .string, "Default timezone (tz database name) for recipients without one; null for UTC."),
            ]
        ),
        Endpoint(
            "environments", "delete", .delete, "/_admin/environments/{id}", scope: .localEngine,
            summary: "Deletes an environment with all its data."
        ),
        Endpoint(
            "clock", "now", .get, "/_admin/clock", scope: .localEngine,
            summary: "Shows the environment's virtual time and whether it is frozen."
        ),
        Endpoint(
            "clock", "advance", .post, "/_admin/clock/advance", scope: .localEngine,
            summary: "Moves the virtual clock forward and fires every delay, batch and schedule that became due.",
            parameters: [
                .body("duration", .string, required: true, positional: true, "How far to move, e.g. `10m`, `2h`, `1d`."),
            ]
        ),
        Endpoint(
            "clock", "freeze", .post, "/_admin/clock/freeze", scope: .localEngine,
            summary: "Stops the virtual clock from following wall time (only `clock advance` moves it)."
        ),
        Endpoint(
            "clock", "unfreeze", .post, "/_admin/clock/unfreeze", scope: .localEngine,
            summary: "Lets the virtual clock follow wall time again from where it stands."
        ),
        Endpoint(
            "outbox", "list", .get, "/_admin/outbox", scope: .localEngine,
            summary: "Lists what the simulated providers were asked to send, oldest first.",
            parameters: [
                .query("channel_type", .string, values: ["email", "in_app_feed", "sms", "push", "chat", "http"], "Only deliveries on channels of this type."),
                .query("to", .string, "Only deliveries to this address, phone number, token or user id."),
                .query("workflow", .string, "Only deliveries made by this workflow key."),
                .query("recipient", .string, "Only deliveries for this recipient id."),
            ]
        ),
        Endpoint(
            "channels", "list", .get, "/_admin/channels", scope: .localEngine,
            summary: "Lists the engine's configured channels with their ids and types."
        ),
        Endpoint(
            "channels", "fail-next", .post, "/_admin/channels/{channel_id}/failures", scope: .localEngine,
            summary: "Makes the next deliveries on a channel fail with the given outcome.",
            parameters: [
                .body("count", .integer, "How many deliveries fail (defaults to 1)."),
                .body("outcome", .string, values: ["undelivered", "bounced", "delivery_attempted"], "The status the failed messages end in (defaults to `undelivered`)."),
            ]
        ),
    ]
}
