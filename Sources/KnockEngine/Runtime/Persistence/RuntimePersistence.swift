import Foundation
import KnockCore

/// What changed on the executor since the state was last written, and what has a row now.
/// Marked where runs, batches and throttles change; written once at the end of each job.
struct PersistenceTracker {
    var runs: Set<String> = []
    var batches: Set<BatchIdentity> = []
    var throttles: Set<String> = []
    var deliveries: Set<String> = []
    /// The timer each held or retried delivery waits on.
    var deliveryTimers: [String: Int] = [:]

    var storedRuns: Set<String> = []
    var storedBatches: Set<BatchIdentity> = []
    var storedDeliveries: Set<String> = []
    var storedVersions: Set<String> = []
    var storedFrequency: Set<String> = []
    /// The injector's change count last written, and the channels that have a row.
    var failureChanges = 0
    var storedFailureChannels: Set<UUID> = []
    var clock: VirtualClock.State?
}

/// Saving and reloading a runtime's in-flight state (docs/engine.md "Persistence"), so a restart
/// with `--db` goes on where it stopped: paused runs resume when their timer comes due, open
/// batches close with every activity, throttle windows keep counting, held deliveries go out
/// when their send window opens, the clock keeps its offset, and a cancel still finds its runs.
///
/// Only runs that are still live get a row (paused, or an item or continuation of an open
/// batch); a run that starts and finishes in one job writes nothing here.
extension WorkflowRuntime {
    /// Writes what the job that just ran changed, in one transaction.
    func saveState() {
        guard let stateStore else { return }
        var changes: [RuntimeStateChange] = []
        let clockState = clock.state
        if clockState != persistence.clock {
            persistence.clock = clockState
            changes.append(.put(.clock, "clock", ["offset": .double(clockState.offset), "frozen_at": StateValues.time(clockState.frozenAt)]))
        }
        if !persistence.runs.isEmpty { saveRuns(&changes) }
        if !persistence.batches.isEmpty { saveBatches(&changes) }
        if !persistence.throttles.isEmpty {
            for identity in persistence.throttles {
                if let w = throttles[identity] { changes.append(.put(.throttle, identity, w.stateJSON)) }
            }
            persistence.throttles.removeAll()
        }
        if !persistence.deliveries.isEmpty || !persistence.storedDeliveries.isEmpty { saveDeliveries(&changes) }
        if frequencyLog.count != persistence.storedFrequency.count {
            for mark in frequencyLog.subtracting(persistence.storedFrequency) { changes.append(.put(.frequency, mark, true)) }
            persistence.storedFrequency = frequencyLog
        }
        saveFailures(&changes)
        stateStore.apply(changes)
    }

    /// Injected failures are few and small: when they moved, every channel's queue is rewritten.
    private func saveFailures(_ changes: inout [RuntimeStateChange]) {
        let (queues, count) = failureInjector.snapshot()
        guard count != persistence.failureChanges else { return }
        persistence.failureChanges = count
        for (channel, queue) in queues {
            changes.append(.put(.failures, UUIDText.lowercased(channel), FailureInjector.stateJSON(queue)))
        }
        for gone in persistence.storedFailureChannels.subtracting(queues.keys) {
            changes.append(.delete(.failures, UUIDText.lowercased(gone)))
        }
        persistence.storedFailureChannels = Set(queues.keys)
    }

    private func saveRuns(_ changes: inout [RuntimeStateChange]) {
        for id in persistence.runs {
            if let run = runs[id], isLive(run) {
                saveVersion(run.workflow, run.versionID, &changes)
                var doc = run.stateJSON
                if let t = run.timerID, let due = timers.dueAt(t) { doc["timer"] = ["id": .int(t), "due_at": StateValues.time(due)] }
                changes.append(.put(.run, id, doc))
                persistence.storedRuns.insert(id)
            } else if persistence.storedRuns.remove(id) != nil {
                changes.append(.delete(.run, id))
            }
        }
        persistence.runs.removeAll()
    }

    /// A run is saved while something can still happen to it.
    func isLive(_ run: RecipientRun) -> Bool {
        if !run.isFinished { return true }
        if let b = run.batchedInto, batches[b] != nil { return true }
        // A cancelled opener still carries its batch when other activities remain (§1.6).
        return run.status == .cancelled && batches.values.contains { $0.continuingRunID == run.id }
    }

    private func saveBatches(_ changes: inout [RuntimeStateChange]) {
        for identity in persistence.batches {
            if let batch = batches[identity], let workflow = batch.workflow {
                saveVersion(workflow, batch.versionID, &changes)
                changes.append(.put(.batch, identity.stateKey, batch.stateJSON(identity: identity, versionID: batch.versionID)))
                persistence.storedBatches.insert(identity)
            } else if persistence.storedBatches.remove(identity) != nil {
                changes.append(.delete(.batch, identity.stateKey))
            }
        }
        persistence.batches.removeAll()
    }

    private func saveDeliveries(_ changes: inout [RuntimeStateChange]) {
        for id in persistence.deliveries {
            guard let pending = pendingDeliveries[id] else { continue }
            var doc = pending.stateJSON
            if let t = persistence.deliveryTimers[id], let due = timers.dueAt(t) { doc["timer"] = ["id": .int(t), "due_at": StateValues.time(due)] }
            changes.append(.put(.delivery, id, doc))
            persistence.storedDeliveries.insert(id)
        }
        persistence.deliveries.removeAll()
        // Whatever took a delivery out of `pendingDeliveries` (sent, cancelled) drops its row.
        for id in persistence.storedDeliveries where pendingDeliveries[id] == nil {
            persistence.storedDeliveries.remove(id)
            changes.append(.delete(.delivery, id))
        }
    }

    /// A workflow version is written once, the first time a saved run or batch is pinned to it.
    private func saveVersion(_ workflow: WorkflowDefinition, _ versionID: String, _ changes: inout [RuntimeStateChange]) {
        guard persistence.storedVersions.insert(versionID).inserted else { return }
        changes.append(.put(.workflowVersion, versionID, ["key": .string(workflow.key), "definition": .object(workflow.raw)]))
    }

    /// Saves remembered `Idempotency-Key`s as they are stored (on the request's thread) and
    /// forgets expired ones in one transaction.
    static func idempotencyWriter(_ store: RuntimeStateStore?) -> (@Sendable ([(key: String, entry: IdempotencyCache.Stored?)]) -> Void)? {
        guard let store else { return nil }
        return { changes in
            store.apply(changes.map { key, entry in
                guard let s = entry else { return .delete(.idempotency, key) }
                return .put(.idempotency, key, ["fingerprint": .string(s.fingerprint), "response": s.response,
                                                "expires_at": StateValues.time(s.expiresAt)])
            })
        }
    }
}
