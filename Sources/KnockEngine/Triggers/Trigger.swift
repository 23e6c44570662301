import Foundation
import KnockCore

/// `POST /v1/workflows/{key}/trigger` (§2.1): validate on the caller's thread, identify inline
/// recipients, answer `{workflow_run_id}` at once, and queue the runs on the executor.
///
/// ```swift
/// let reply = try runtime.trigger(workflowKey: "welcome", body: body, idempotencyKey: headers["idempotency-key"])
/// if reply.replayed { response.headers["idempotent-replayed"] = "true" }
/// ```
extension WorkflowRuntime {
    /// At most this many named users, and the executor idle: the run happens before the answer.
    static let inlineRecipientLimit = 10

    /// Where a run came from (`trigger_source.type`).
    public enum TriggerSourceType: String, Sendable { case api, schedule, workflowStep = "workflow_step" }

    public func trigger(workflowKey: String, body: JSON, idempotencyKey: String? = nil) throws(EngineError) -> TriggerReply {
        guard let key = idempotencyKey else {
            return TriggerReply(json: try accept(workflowKey: workflowKey, body: body), replayed: false)
        }
        let fingerprint = "\(workflowKey)\n\(body.serialized())"
        let (json, replayed) = try idempotency.perform(key: key, fingerprint: fingerprint, now: clock.now) { () throws(EngineError) -> JSON in
            try accept(workflowKey: workflowKey, body: body)
        }
        return TriggerReply(json: json, replayed: replayed)
    }

    private func accept(workflowKey: String, body: JSON) throws(EngineError) -> JSON {
        let workflow = try loadedWorkflow(workflowKey)
        let request = try TriggerRequest(body: body)
        let id = try trigger(workflow, request: request, source: ["type": "api"])
        return ["workflow_run_id": .string(id)]
    }

    /// Triggers a validated request; returns the workflow run id. Used by the API, schedules and
    /// trigger-workflow steps.
    public func trigger(workflowKey: String, request: TriggerRequest, source: JSONObject) throws(EngineError) -> String {
        try trigger(try loadedWorkflow(workflowKey), request: request, source: source)
    }

    func trigger(_ workflow: LoadedWorkflow, request: TriggerRequest, source: JSONObject) throws(EngineError) -> String {
        if let schema = workflow.definition.triggerDataJSONSchema {
            let errors = TriggerDataSchemaValidator(schema: schema).validate(request.data)
            if !errors.isEmpty {
                throw EngineError(.invalid, code: "invalid_params",
                                    message: "The trigger data does not match the workflow's trigger_data_json_schema: \(errors.map(\.description).joined(separator: "; "))",
                                    fields: errors.map { .init(field: $0.field, message: $0.message, type: $0.type) })
            }
        }
        let now = clock.now
        // Inline users must exist before the run executes (§2.1); doing it here, in request order,
        // also lets a later trigger name them by id.
        // One call for all of them, so the store can write them in one transaction.
        let inline = request.recipients.compactMap { e in e.inline.map { (ref: e.ref, properties: $0) } }
        if !inline.isEmpty { directory.identify(inline, now: now) }
        if let actor = request.actor {
            if let inline = actor.inline {
                directory.identify(actor.ref, properties: inline, now: now)
            } else if !directory.exists(actor.ref) {
                throw EngineError(.invalid, code: "actor_missing", message: "The actor \"\(actor.ref)\" was not found; identify it first or pass it inline.",
                                    fields: [.init(field: "actor", message: "was not found", type: "not_found")])
            }
        }
        if let tenantID = request.tenantID {
            let ref = RecipientRef(collection: RecipientRef.tenantsCollection, id: tenantID)
            // A tenant named by id that does not exist yet gets a stub (§2.2).
            if request.tenantInline != nil || !directory.exists(ref) {
                directory.identify(ref, properties: request.tenantInline ?? [:], now: now)
            }
        }
        recipientsChanged()
        let workflowRunID = RunID.make()
        var triggerSource = source
        if let key = request.cancellationKey { triggerSource["cancellation_key"] = .string(key) }
        let job = { [self] in startRuns(workflow, request: request, workflowRunID: workflowRunID, source: triggerSource) }
        // A few named users run before the answer when the executor is idle; a trigger that may
        // fan out (objects, many recipients) is answered first, as Knock answers at once.
        if request.recipients.count <= Self.inlineRecipientLimit, request.recipients.allSatisfy(\.ref.isUser) {
            runNowIfIdle(job)
        } else {
            submit(job)
        }
        return workflowRunID
    }

    /// On the executor: fan out, apply trigger frequency, create and start one run per recipient.
    func startRuns(_ workflow: LoadedWorkflow, request: TriggerRequest, workflowRunID: String, source: JSONObject) {
        withLookupCache { startRunsCached(workflow, request: request, workflowRunID: workflowRunID, source: source) }
    }

    private func startRunsCached(_ workflow: LoadedWorkflow, request: TriggerRequest, workflowRunID: String, source: JSONObject) {
        let now = clock.now
        let definition = workflow.definition
        let targets = request.schedule == nil
            ? FanOut(directory: directory).expand(request.recipients, actor: request.actor?.ref)
            : request.recipients.map { FanOut.Target(ref: $0.ref, subscription: nil, triggerData: $0.triggerData) }
        prefetchUsers(targets.map(\.ref))
        for target in targets {
            if !admitFrequency(definition, recipient: target.ref, tenant: request.tenantID) { continue }
            var data = request.data
            if let extra = target.triggerData { data = JSONMerging.shallowMerge(data, .object(extra)) }
            let run = RecipientRun(
                id: RunID.make(), workflowRunID: workflowRunID, workflow: definition, versionID: workflow.versionID,
                recipient: target.ref, subscription: target.subscription, actor: request.actor?.ref, tenant: request.tenantID,
                data: data, triggerSource: source, cancellationKey: request.cancellationKey,
                sandbox: request.sandboxMode, skipDelay: request.skipDelay, now: now)
            run.schedule = request.schedule
            runs[run.id] = run
            runOrder.append(run.id)
            run.log("workflow_run_started", at: now)
            guard lookupRecipient(target.ref) != nil else {
                // A recipient id never identified: the run ends with an error and no messages [I].
                run.errorCount += 1
                run.log("recipient_not_found", ok: false, data: ["recipient": target.ref.reference], at: now)
                finish(run, .completed)
                continue
            }
            recordActivity(for: run)
            if definition.conditions != nil, !conditions.evaluate(definition.conditions, in: conditionContext(run)) {
                run.log("trigger_conditions_not_met", at: now)
                finish(run, .completed)
                continue
            }
            continueRun(run)
        }
    }

    /// `trigger_frequency`: once per recipient (per tenant) ever, in this environment (§1.14).
    private func admitFrequency(_ wf: WorkflowDefinition, recipient: RecipientRef, tenant: String?) -> Bool {
        switch wf.triggerFrequency {
        case .everyTrigger: return true
        case .oncePerRecipient: return frequencyLog.insert("\(wf.key)\n\(recipient)").inserted
        case .oncePerRecipientPerTenant: return frequencyLog.insert("\(wf.key)\n\(recipient)\n\(tenant ?? "")").inserted
        }
    }

    /// The run's own activity: this trigger's recipient, actor and data.
    func recordActivity(for run: RecipientRun) {
        let activity = ActivityRecord(
            id: KSUID.make(at: run.insertedAt), recipient: lookupRecipient(run.recipient) ?? run.recipient.reference,
            actor: run.actor.flatMap { lookupRecipient($0) } ?? .null, actorRef: run.actor, data: run.data, insertedAt: run.insertedAt)
        messages.addActivity(activity)
        run.activityIDs = [activity.id]
        run.actors = run.actor.map { [$0] } ?? []
    }
}
