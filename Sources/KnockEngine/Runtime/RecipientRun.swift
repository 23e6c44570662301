import Foundation
import KnockCore

/// A workflow recipient run's status (`WorkflowRecipientRun.status`, §6.6).
public enum RecipientRunStatus: String, Sendable, Hashable, CaseIterable {
    case queued, processing, paused, completed, cancelled
}

/// One recipient's run of a workflow: its pinned workflow version, data, position, step
/// outcomes and log. Confined to the environment's executor (a class so steps mutate it in place).
///
/// ```swift
/// run.json   // {"__typename": "WorkflowRecipientRun", "id": …, "status": "paused", …}
/// ```
public final class RecipientRun: @unchecked Sendable {
    /// What a channel step left for `refs.<ref>` conditions: skipped, or the messages it created.
    enum StepRefOutcome { case skipped, messages([String]) }

    public let id: String
    public let workflowRunID: String
    public let workflow: WorkflowDefinition
    public let versionID: String
    public let recipient: RecipientRef
    /// `recipient.subscription` for subscriber runs.
    public let subscription: JSON?
    /// `recipient.schedule` (`{id, last_occurrence_at, next_occurrence_at}`) for scheduled runs.
    public var schedule: JSON?
    public let actor: RecipientRef?
    public let tenant: String?
    public var data: JSON
    public var status: RecipientRunStatus = .queued
    public var errorCount = 0
    /// `{type, cancellation_key?, …}`.
    public let triggerSource: JSONObject
    public let cancellationKey: String?
    public let sandbox: Bool
    public let skipDelay: Bool
    public let insertedAt: Date
    public var updatedAt: Date
    var events: [RunEvent] = []

    var cursor: RunCursor
    var refs: [String: StepRefOutcome] = [:]
    /// Batch state once a batch step closed for this run.
    var batch: KnockTemplateContext.Batch?
    /// The activities behind this run's messages (its own, or a closed batch's).
    var activityIDs: [String] = []
    /// The actors of those activities (≤ 10, unique).
    var actors: [RecipientRef] = []
    /// The timer this run waits on, so cancelling can drop it.
    var timerID: Int?
    /// Attempts made by the http_fetch step being retried.
    var fetchAttempts = 0
    /// Set on a run that joined another run's open batch as an item (it ended there, but
    /// cancelling it still removes its activity while the batch is open).
    var batchedInto: BatchIdentity?

    init(id: String, workflowRunID: String, workflow: WorkflowDefinition, versionID: String, recipient: RecipientRef,
         subscription: JSON?, actor: RecipientRef?, tenant: String?, data: JSON, triggerSource: JSONObject,
         cancellationKey: String?, sandbox: Bool, skipDelay: Bool, now: Date) {
        self.id = id
        self.workflowRunID = workflowRunID
        self.workflow = workflow
        self.versionID = versionID
        self.recipient = recipient
        self.subscription = subscription
        self.actor = actor
        self.tenant = tenant
        self.data = data
        self.triggerSource = triggerSource
        self.cancellationKey = cancellationKey
        self.sandbox = sandbox
        self.skipDelay = skipDelay
        self.insertedAt = now
        self.updatedAt = now
        self.cursor = RunCursor(steps: workflow.steps)
    }

    var isFinished: Bool { status == .completed || status == .cancelled }

    /// `WorkflowRecipientRun`.
    public var json: JSON {
        ["__typename": "WorkflowRecipientRun", "id": .string(id), "workflow_run_id": .string(workflowRunID),
         "workflow": .string(workflow.key), "status": .string(status.rawValue), "recipient": recipient.reference,
         "actor": actor?.reference ?? .null, "tenant": tenant.map(JSON.string) ?? .null, "error_count": .int(errorCount),
         "trigger_source": .object(triggerSource),
         "inserted_at": .string(ProviderTimestamp.string(insertedAt)), "updated_at": .string(ProviderTimestamp.string(updatedAt))]
    }

    /// `WorkflowRecipientRunDetail`: the run plus its events.
    public var detailJSON: JSON {
        var o = json.objectValue ?? [:]
        o["events"] = .array(events.map(\.json))
        return .object(o)
    }

    /// `detailJSON`'s UTF-8 text, written directly (every run is saved at least once).
    var detailBytes: [UInt8] {
        var w = JSONObjectWriter(capacity: 2048)
        w.string("__typename", "WorkflowRecipientRun")
        w.string("id", id)
        w.string("workflow_run_id", workflowRunID)
        w.string("workflow", workflow.key)
        w.string("status", status.rawValue)
        w.json("recipient", recipient.reference)
        w.json("actor", actor?.reference ?? .null)
        w.string("tenant", tenant)
        w.int("error_count", errorCount)
        w.json("trigger_source", .object(triggerSource))
        w.string("inserted_at", ProviderTimestamp.string(insertedAt))
        w.string("updated_at", ProviderTimestamp.string(updatedAt))
        w.objects("events", events) { event, w in event.write(into: &w) }
        return w.finishBytes()
    }

    /// Appends a `WorkflowRecipientRunEvent`.
    func log(_ event: String, step: Step? = nil, ok: Bool = true, data: JSON? = nil, at now: Date) {
        events.append(RunEvent(event, step: step, ok: ok, data: data, at: now))
        updatedAt = now
    }
}
