import Foundation
import KnockCore

/// Which batch a run joins: recipient + rendered batch key, per workflow step (§1.6).
struct BatchIdentity: Hashable, Sendable {
    var workflow: String
    var step: String
    var recipient: RecipientRef
    var key: String
    /// Set in `pinned` mode: runs of another workflow version batch apart.
    var version: String?
}

/// A batch window that is open: its items in arrival order and the run that continues on close.
final class OpenBatch {
    struct Item {
        var runID: String
        var activityID: String
        var actor: RecipientRef?
        var data: JSON
    }
    let step: BatchStep
    let openedAt: Date
    var closesAt: Date
    var timerID: Int?
    var items: [Item] = []
    /// The opener (accumulate) or the second item's run (flush_leading); nil until there is one.
    var continuingRunID: String?
    /// The workflow version whose step opened the batch (saved with it, so it reloads after a restart).
    var workflow: WorkflowDefinition?
    var versionID = ""

    init(step: BatchStep, openedAt: Date, closesAt: Date) {
        self.step = step
        self.openedAt = openedAt
        self.closesAt = closesAt
    }
}

/// Batch steps (§1.6): the first run opens the window and pauses; later runs for the same
/// identity add their activity and end there. On close the continuing run goes on with
/// `activities`, `total_activities`, `actors`, `total_actors` and the flattened merged data.
extension WorkflowRuntime {
    func executeBatch(_ step: BatchStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        let now = clock.now
        let key: String
        do { key = try keyValue(step.batchKey, run) } catch { return .failed(error.description) }
        let identity = BatchIdentity(workflow: run.workflow.key, step: step.common.ref, recipient: run.recipient, key: key,
                                     version: step.versionMode == .pinned ? run.versionID : nil)
        let item = OpenBatch.Item(runID: run.id, activityID: run.activityIDs.first ?? "", actor: run.actor, data: run.data)

        if let batch = batches[identity] {
            persistence.batches.insert(identity)
            batch.items.append(item)
            run.batchedInto = identity
            var continues = false
            if batch.continuingRunID == nil {
                // flush_leading: the opener went on alone; the second item's run carries the batch.
                batch.continuingRunID = run.id
                continues = true
            }
            run.log("batch_item_added", step: stepRef, data: ["total_activities": .int(batch.items.count)], at: now)
            if let max = step.itemsMaxLimit, batch.items.count >= max {
                schedule { [self] in closeBatch(identity) }
            } else if step.windowType == .sliding, let window = step.window {
                let cap = step.windowExtensionLimit.map { $0.added(to: batch.openedAt) } ?? .distantFuture
                let next = min(window.added(to: now), cap)
                if next <= now {
                    schedule { [self] in closeBatch(identity) }
                } else if next != batch.closesAt {
                    if let t = batch.timerID { timers.cancel(t) }
                    batch.closesAt = next
                    batch.timerID = addTimer(at: next, .closeBatch(identity))
                }
            }
            return continues ? .paused : .halt
        }

        let closesAt: Date?
        if let path = step.untilFieldPath {
            switch dynamicTime(path, run) {
            case .at(let t)?: closesAt = t
            case .after(let d)?: closesAt = d.added(to: now)
            case nil: closesAt = nil
            }
        } else {
            closesAt = step.window.map { $0.added(to: now) }
        }
        guard let closesAt, closesAt > now else {
            run.log("step_skipped", step: stepRef, ok: false, data: ["reason": "invalid_batch_window"], at: now)
            return .next
        }
        let batch = OpenBatch(step: step, openedAt: now, closesAt: closesAt)
        batch.workflow = run.workflow
        batch.versionID = run.versionID
        batch.timerID = addTimer(at: closesAt, .closeBatch(identity))
        batches[identity] = batch
        persistence.batches.insert(identity)
        run.log("batch_opened", step: stepRef, data: ["closes_at": .string(ProviderTimestamp.string(closesAt)), "batch_key": .string(key)], at: now)
        if step.executionMode == .flushLeading {
            return .next
        }
        batch.items.append(item)
        batch.continuingRunID = run.id
        return .paused
    }

    /// Closes a batch window: the continuing run resumes with the batch in scope.
    func closeBatch(_ identity: BatchIdentity) {
        guard let batch = batches.removeValue(forKey: identity) else { return }
        persistence.batches.insert(identity)
        if let t = batch.timerID { timers.cancel(t) }
        for item in batch.items {
            runs[item.runID]?.batchedInto = nil
            persistence.runs.insert(item.runID)
        }
        if let id = batch.continuingRunID { persistence.runs.insert(id) }
        guard let runID = batch.continuingRunID, let run = runs[runID] else { return }
        guard !batch.items.isEmpty else {
            // Every activity was cancelled: the continuation produces nothing.
            run.log("batch_closed", data: ["total_activities": 0], at: clock.now)
            finish(run, run.status == .cancelled ? .cancelled : .completed)
            return
        }
        let step = batch.step
        let limit = step.itemsRenderLimit
        let rendered = step.order == .asc ? Array(batch.items.prefix(limit)) : Array(batch.items.suffix(limit))
        var uniqueActors: [RecipientRef] = []
        for item in batch.items { if let a = item.actor, !uniqueActors.contains(a) { uniqueActors.append(a) } }
        let actorJSON = uniqueActors.prefix(10).map { Self.flattened(lookupRecipient($0) ?? $0.reference) }
        var merged: JSON = [:]
        for item in batch.items { merged = JSONMerging.shallowMerge(merged, item.data) }
        run.batch = KnockTemplateContext.Batch(
            totalActivities: batch.items.count,
            activities: rendered.compactMap { messages.activity(id: $0.activityID)?.json },
            actors: actorJSON, totalActors: uniqueActors.count)
        run.data = JSONMerging.flattenedScalars(merged)
        run.activityIDs = batch.items.map(\.activityID)
        run.actors = Array(uniqueActors.prefix(10))
        run.timerID = nil
        // A cancelled opener does not stop the batch while other activities remain (§1.6).
        if run.status == .cancelled { run.status = .paused }
        run.log("batch_closed", data: ["total_activities": .int(batch.items.count)], at: clock.now)
        continueRun(run)
    }

    /// Cancelling a run takes its activity out of any open batch.
    func removeFromBatches(_ run: RecipientRun) {
        for (identity, batch) in batches where batch.items.contains(where: { $0.runID == run.id }) {
            batch.items.removeAll { $0.runID == run.id }
            persistence.batches.insert(identity)
        }
    }
}
