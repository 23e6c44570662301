import Foundation
import KnockCore

/// The variables a run's conditions and templates see (§1.13, §8.1), built fresh at each step
/// so updates made by earlier steps (update_user, fetch) are visible.
extension WorkflowRuntime {
    /// The recipient as templates see it: objects have their `properties` at top level too, and
    /// subscriber runs carry `subscription`.
    func recipientScope(_ run: RecipientRun) -> JSON {
        var r = Self.flattened(lookupRecipient(run.recipient) ?? ["id": .string(run.recipient.id)])
        if let s = run.subscription { r["subscription"] = s }
        if let s = run.schedule { r["schedule"] = s }
        return r
    }

    func actorScope(_ run: RecipientRun) -> JSON {
        guard let a = run.actor else { return .null }
        return Self.flattened(lookupRecipient(a) ?? ["id": .string(a.id)])
    }

    func tenantScope(_ run: RecipientRun) -> JSON {
        guard let id = run.tenant else { return .null }
        return lookupTenant(id) ?? ["id": .string(id)]
    }

    /// Built once per workflow version; only `cancellation_key` differs between its runs.
    func workflowScope(_ run: RecipientRun) -> JSON {
        let version: JSON
        if let cached = workflowScopes[run.versionID] {
            version = cached
        } else {
            let wf = run.workflow
            version = ["id": .string(run.versionID), "key": .string(wf.key), "name": .string(wf.name),
                       "categories": .array(wf.categories.map(JSON.string)), "commercial": .bool(wf.isCommercial),
                       "override_preferences": .bool(wf.overridePreferences), "cancellation_key": .null]
            workflowScopes[run.versionID] = version
        }
        guard let key = run.cancellationKey else { return version }
        var scope = version
        scope["cancellation_key"] = .string(key)
        return scope
    }

    static func flattened(_ recipient: JSON) -> JSON {
        guard case .object(var o) = recipient, case .object(let props)? = o["properties"] else { return recipient }
        for (k, v) in props where o[k] == nil { o[k] = v }
        return .object(o)
    }

    /// `recipient`: the run's recipient scope when the caller has it already.
    func conditionContext(_ run: RecipientRun, recipient: JSON? = nil) -> ConditionContext {
        var refs: [String: StepMessageOutcome] = [:]
        for (ref, outcome) in run.refs {
            switch outcome {
            case .skipped: refs[ref] = .skipped
            case .messages(let ids): refs[ref] = .messages(ids.compactMap { messages.message(id: $0)?.snapshot })
            }
        }
        let total = run.batch?.totalActivities ?? 1
        let actors = run.batch?.totalActors ?? (run.actor == nil ? 0 : 1)
        return ConditionContext(
            data: run.data, recipient: recipient ?? recipientScope(run), actor: actorScope(run), tenant: tenantScope(run),
            vars: configuration.vars, workflow: workflowScope(run),
            run: ["total_activities": .int(total), "total_actors": .int(actors)],
            refs: refs, now: clock.now, tenantID: run.tenant)
    }

    /// Knock's template variables for a run; `message` adds `current_message`. `recipient`: the
    /// run's recipient scope when the caller has it already.
    func templateContext(_ run: RecipientRun, message: (id: String, at: Date)? = nil, recipient: JSON? = nil) -> KnockTemplateContext {
        var parts = KnockTemplateContext()
        parts.recipient = recipient ?? recipientScope(run)
        parts.actor = actorScope(run)
        parts.data = run.data
        parts.vars = configuration.vars
        parts.tenant = tenantScope(run)
        parts.workflow = workflowScope(run)
        parts.batch = run.batch
        parts.timestamp = ProviderTimestamp.string(run.insertedAt)
        if let message {
            let t = JSON.string(ProviderTimestamp.string(message.at))
            parts.currentMessage = ["id": .string(message.id), "inserted_at": t, "updated_at": t]
        }
        return parts
    }

    /// Render options on the environment clock, with Knock's `user`/`object`/`tenant` loaders.
    var liquidOptions: LiquidRenderOptions {
        var options = LiquidRenderOptions(now: clock.now)
        options.loadEntity = { [directory] request in
            switch request {
            case .user(let id): return directory.recipient(.user(id))
            case .object(let collection, let id): return directory.recipient(RecipientRef(collection: collection, id: id)).map(Self.flattened)
            case .tenant(let id): return directory.tenant(id: id)
            case .subscriptions: return .array([])
            }
        }
        return options
    }

    /// Renders a Liquid string in the run's scope.
    func render(_ source: String, _ run: RecipientRun, scope: JSON? = nil) throws(TemplateError) -> String {
        try templates.render(source, scope ?? templateContext(run).json, options: liquidOptions)
    }
}

/// Parsed Liquid templates by source text, so each distinct template parses once.
/// Thread-safe: conditions may render Liquid arguments from any evaluation.
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: LiquidTemplate] = [:]
    private var inApp: [String: InAppFeedRenderer] = [:]

    /// An in-app step's parsed template by `<workflow version>/<step ref>`: a version's steps never change.
    func inAppRenderer(key: String, parse: () throws(TemplateError) -> InAppFeedRenderer) throws(TemplateError) -> InAppFeedRenderer {
        if let r = lock.withLock({ inApp[key] }) { return r }
        let r = try parse()
        lock.withLock { inApp[key] = r }
        return r
    }

    func template(_ source: String) throws(TemplateError) -> LiquidTemplate {
        if let t = lock.withLock({ parsed[source] }) { return t }
        let t = try LiquidTemplate(parsing: source)
        lock.withLock { parsed[source] = t }
        return t
    }

    func render(_ source: String, _ scope: JSON, options: LiquidRenderOptions) throws(TemplateError) -> String {
        // Plain text needs no parse or render.
        if !source.contains("{") { return source }
        return try template(source).render(scope, options: options)
    }

    /// Renders sharing `assign`/`capture` variables across renders (email pre_content → body → layout).
    func render(_ source: String, _ scope: JSON, options: LiquidRenderOptions, assigns: inout [String: JSON]) throws(TemplateError) -> String {
        if !source.contains("{") { return source }
        return try template(source).render(scope, options: options, assigns: &assigns)
    }
}
