import Foundation
import KnockCore

/// What to do with schedule occurrences that came due while the server was down
/// (`knocksh serve --missed-schedules`; docs/engine.md "Persistence").
public enum MissedSchedules: String, Sendable, CaseIterable {
    /// Fire each missed occurrence, oldest first, as soon as the runtime starts.
    case fire
    /// Move each schedule on to its next occurrence after now without firing the missed ones.
    case skip
}

/// Reloading a runtime's saved state when it starts (a `--db` file reopened).
extension WorkflowRuntime {
    /// Loads the saved clock, runs, batches, throttle windows, deliveries, trigger-frequency marks
    /// and idempotency keys, re-arms their timers under their old ids, applies `missedSchedules`,
    /// and arms the wall-time wake-up. An entry that no longer makes sense (its workflow version
    /// or channel is gone) is dropped with a message on stderr.
    public func restoreState(missedSchedules: MissedSchedules = .skip) {
        guard let stateStore else { return }
        onExecutor {
            let state = stateStore.load()
            var dropped: [RuntimeStateChange] = []
            func drop(_ kind: RuntimeStateKind, _ key: String, _ why: Error) {
                FileHandle.standardError.write(Data("knocksh: dropped saved \(kind.rawValue) \(key.replacingOccurrences(of: "\n", with: "/")): \(why)\n".utf8))
                dropped.append(.delete(kind, key))
            }
            if let c = state[.clock]?["clock"], let offset = c["offset"]?.doubleValue {
                clock.restore(VirtualClock.State(offset: offset, frozenAt: StateValues.date(c["frozen_at"])))
            }
            persistence.clock = clock.state
            let now = clock.now

            var versions: [String: WorkflowDefinition] = [:]
            for (id, doc) in state[.workflowVersion] ?? [:] {
                guard let key = doc["key"]?.stringValue, let def = try? WorkflowDefinition(key: key, json: doc["definition"] ?? .null) else { continue }
                versions[id] = def
                persistence.storedVersions.insert(id)
            }
            func definition(_ key: String, _ versionID: String) throws(StateDecodingError) -> WorkflowDefinition {
                if let v = versions[versionID] { return v }
                if let current = workflow(key), LoadedWorkflow(definition: current).versionID == versionID { return current }
                throw StateDecodingError("workflow \(key) version \(versionID) is not stored")
            }

            var timerEntries: [(id: Int, due: Date, action: TimerAction)] = []
            func timer(_ doc: JSON) -> (Int, Date)? {
                guard let id = doc["timer"]?["id"]?.intValue, let due = StateValues.date(doc["timer"]?["due_at"]) else { return nil }
                return (id, due)
            }

            var restoredRuns: [RecipientRun] = []
            for (id, doc) in state[.run] ?? [:] {
                do {
                    let run = try RecipientRun.restore(doc, workflow: try definition(try doc.requiredString("workflow"), try doc.requiredString("version_id")))
                    if let (t, due) = timer(doc) {
                        run.timerID = t
                        timerEntries.append((t, due, .resumeRun(run.id)))
                    }
                    restoredRuns.append(run)
                } catch { drop(.run, id, error) }
            }
            for run in restoredRuns.sorted(by: { ($0.insertedAt, $0.id) < ($1.insertedAt, $1.id) }) where runs[run.id] == nil {
                runs[run.id] = run
                runOrder.append(run.id)
                persistence.storedRuns.insert(run.id)
            }

            for (key, doc) in state[.batch] ?? [:] {
                do {
                    let identity = try BatchIdentity(json: try doc.required("identity"))
                    let versionID = try doc.requiredString("version_id")
                    let workflow = try definition(identity.workflow, versionID)
                    guard case .batch(let step)? = workflow.step(ref: identity.step) else { throw StateDecodingError("no batch step \(identity.step)") }
                    let batch = try OpenBatch.restore(doc, step: step)
                    batch.workflow = workflow
                    batch.versionID = versionID
                    batches[identity] = batch
                    persistence.storedBatches.insert(identity)
                    if let t = batch.timerID { timerEntries.append((t, batch.closesAt, .closeBatch(identity))) }
                } catch { drop(.batch, key, error) }
            }

            for (key, doc) in state[.throttle] ?? [:] {
                guard let window = try? ThrottleWindow(state: doc), window.endsAt > now else {
                    dropped.append(.delete(.throttle, key))  // over: nothing left to count
                    continue
                }
                throttles[key] = window
            }

            for (id, doc) in state[.delivery] ?? [:] {
                do {
                    let pending = try PendingDelivery.restore(doc, channels: channels)
                    pendingDeliveries[id] = pending
                    if let held = pending.held { heldDeliveries.add(id, held) }
                    persistence.storedDeliveries.insert(id)
                    if let (t, due) = timer(doc) {
                        persistence.deliveryTimers[id] = t
                        timerEntries.append((t, due, .retryDelivery(id)))
                    }
                } catch { drop(.delivery, id, error) }
            }

            for mark in (state[.frequency] ?? [:]).keys { frequencyLog.insert(mark) }
            persistence.storedFrequency = frequencyLog
            restoreFailures(state[.failures] ?? [:], drop: drop)

            var keys: [String: IdempotencyCache.Stored] = [:]
            for (key, doc) in state[.idempotency] ?? [:] {
                guard let fingerprint = doc["fingerprint"]?.stringValue, let expires = StateValues.date(doc["expires_at"]), expires > now else {
                    dropped.append(.delete(.idempotency, key))
                    continue
                }
                keys[key] = IdempotencyCache.Stored(fingerprint: fingerprint, response: doc["response"] ?? .null, expiresAt: expires)
            }
            idempotency.restore(keys, now: now)

            for entry in timerEntries.sorted(by: { $0.id < $1.id }) { timers.restore(id: entry.id, at: entry.due, entry.action) }
            if missedSchedules == .skip { schedules?.skipMissed(before: now) }
            stateStore.apply(dropped)
            // What came due while the server was down (delays, batch windows, and with `.fire`
            // the missed schedule occurrences) runs now, before any request is answered.
            fireDue(until: now)
            runJobs()
        }
    }
}
