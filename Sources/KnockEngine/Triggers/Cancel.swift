import Foundation
import KnockCore

/// `POST /v1/workflows/{key}/cancel` (§2.3): cancels the queued and paused runs of a workflow
/// that were triggered with a cancellation key, optionally only for some recipients. Applied on
/// the executor behind earlier triggers, so a cancel right after its trigger finds the runs.
///
/// ```swift
/// try runtime.cancel(workflowKey: "reminder", body: ["cancellation_key": "order-1", "recipients": ["u1"]])
/// ```
extension WorkflowRuntime {
    public func cancel(workflowKey: String, body: JSON) throws(EngineError) {
        guard case .object(let o) = body else { throw EngineError.invalid("body", "must be a JSON object", type: "type") }
        guard case .string(let key)? = o["cancellation_key"], !key.isEmpty else {
            throw EngineError.invalid("cancellation_key", "is required", type: "required")
        }
        var only: Set<RecipientRef>?
        switch o["recipients"] {
        case nil, .null?: only = nil
        case .array(let items)?:
            var refs = Set<RecipientRef>()
            for (i, item) in items.enumerated() {
                // Recipients may be given as ids, references or inline objects; only the reference counts.
                let entry = try TriggerRequest.entry(item, field: "recipients[\(i)]")
                refs.insert(entry.ref)
            }
            only = refs
        default:
            throw EngineError.invalid("recipients", "must be a list", type: "type")
        }
        guard workflow(workflowKey) != nil else { throw EngineError.workflowMissing(workflowKey) }
        submit { [self] in cancelRuns(workflowKey: workflowKey, cancellationKey: key, recipients: only) }
    }

    func cancelRuns(workflowKey: String, cancellationKey: String, recipients: Set<RecipientRef>?) {
        let now = clock.now
        let matching = runOrder.compactMap { runs[$0] }.filter { run in
            run.workflow.key == workflowKey && run.cancellationKey == cancellationKey
                && recipients.map { $0.contains(run.recipient) } ?? true
        }
        // Messages waiting for a send window are withdrawn even when their run went on or
        // finished and left memory (`CancelHeldMessages`).
        withdrawHeldMessages(workflowKey: workflowKey, cancellationKey: cancellationKey, recipients: recipients)
        for run in matching {
            guard run.status == .queued || run.status == .paused || run.batchedInto.map({ batches[$0] != nil }) == true else { continue }
            persistence.runs.insert(run.id)
            if let timer = run.timerID { timers.cancel(timer) }
            run.timerID = nil
            removeFromBatches(run)
            // Out of the batch: nothing can happen to this run any more (it may leave memory).
            run.batchedInto = nil
            run.log("workflow_run_cancelled", at: now)
            finish(run, .cancelled)
        }
    }
}
