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
    func withdrawHeldMessages(of runs: [RecipientRun]) {
        guard !runs.isEmpty else { return }
        let byID = Dictionary(runs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let now = clock.now
        // A pending delivery without a retry is a first send waiting for its window.
        for (messageID, pending) in pendingDeliveries where pending.retry == nil {
            guard var record = messages.message(id: messageID), record.status == .queued,
                  let run = byID[record.workflowRecipientRunID] else { continue }
            pendingDeliveries[messageID] = nil
            record.status = .notSent
            record.updatedAt = now
            let event = MessageEventRecord(id: KSUID.make(at: now), messageID: messageID, type: MessageEventType.notSent.rawValue,
                                           recipient: record.recipient, data: ["reason": "workflow_cancelled"], insertedAt: now)
            messages.update(record, logs: [], events: [event])
            run.log("message_withdrawn", data: ["message_id": .string(messageID), "reason": "workflow_cancelled"], at: now)
            // A finished run was saved already: save it again so the withdrawal shows in its events.
            if run.isFinished { runStore?.save(run) }
        }
    }
}
