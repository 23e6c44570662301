import Foundation
import KnockCore

/// Cancelling a run also withdraws its messages still held for a send window (`queued` with
/// `scheduled_at`), whatever the run's own status: the run may have gone on past the channel
/// step (or completed), but the message has not reached a provider yet.
///
/// A withdrawn message stays (Knock never deletes messages; a client may hold its id) and ends
/// `not_sent` — processed, never handed to a provider (§4.2) — with a `message.not_sent` event
/// whose data says why (`{"reason": "workflow_cancelled"}`). `scheduled_at` keeps the time it was
/// held for; nothing reaches the outbox or the delivery logs when that time comes.
extension WorkflowRuntime {
    func withdrawHeldMessages(workflowKey: String, cancellationKey: String, recipients: Set<RecipientRef>?) {
        let now = clock.now
        for messageID in heldDeliveries.messageIDs(workflow: workflowKey, cancellationKey: cancellationKey) {
            // A pending delivery without a retry is a first send waiting for its window.
            guard let pending = pendingDeliveries[messageID], pending.retry == nil, let held = pending.held,
                  recipients.map({ $0.contains(held.recipient) }) ?? true,
                  var record = messages.message(id: messageID), record.status == .queued else { continue }
            pendingDeliveries[messageID] = nil
            heldDeliveries.remove(messageID, held)
            record.status = .notSent
            record.updatedAt = now
            let event = MessageEventRecord(id: KSUID.make(at: now), messageID: messageID, type: MessageEventType.notSent.rawValue,
                                           recipient: record.recipient, data: ["reason": "workflow_cancelled"], insertedAt: now)
            messages.update(record, logs: [], events: [event])
            let data: JSON = ["message_id": .string(messageID), "reason": "workflow_cancelled"]
            if let run = runs[held.runID] {
                run.log("message_withdrawn", data: data, at: now)
                // A finished run was saved already: save it again so the withdrawal shows in its events.
                if run.isFinished { runStore?.save(run) }
            } else {
                // The run finished and left memory: add the event to its stored document.
                runStore?.append(event: RunEvent("message_withdrawn", data: data, at: now).json, toRun: held.runID, at: now)
            }
        }
    }
}
