import Foundation
import KnockCore

/// Stored schedules as the runtime's clock sees them: when the next one is due, and claiming it
/// (which moves that schedule on to its following occurrence). The engine implements it over
/// SQLite (`EngineScheduleSource`); the runtime fires claimed occurrences in due order, mixed
/// with its own timers, whenever the clock advances or a wall-time wake-up comes.
///
/// ```swift
/// while let due = source.nextDue(), due <= limit, let occurrence = source.claim(notAfter: limit) {
///     try runtime.trigger(workflowKey: occurrence.workflow, request: occurrence.request, source: occurrence.triggerSource)
/// }
/// ```
public protocol ScheduleSource: AnyObject, Sendable {
    /// The earliest `next_occurrence_at` of the environment's schedules.
    func nextDue() -> Date?
    /// Takes the earliest occurrence due at or before `limit`, recording it as the schedule's
    /// last occurrence and computing its next one. Nil when none is due.
    func claim(notAfter limit: Date) -> ScheduledOccurrence?
    /// Moves every schedule due before `limit` on to its first occurrence after `limit` without
    /// firing (a one-off that was missed gets none). Returns how many schedules moved.
    @discardableResult
    func skipMissed(before limit: Date) -> Int
}

/// One occurrence to trigger: the stored workflow, recipient, actor, tenant and data.
public struct ScheduledOccurrence: Sendable {
    public var scheduleID: String
    public var workflow: String
    public var dueAt: Date
    /// Carries `schedule` (`recipient.schedule` in scope) and never fans out to subscribers.
    public var request: TriggerRequest
    public var triggerSource: JSONObject { ["type": "schedule", "schedule_id": .string(scheduleID)] }
}

extension WorkflowRuntime {
    /// Re-arms the wall-time wake-up after schedules were created or changed.
    public func schedulesChanged() { enqueue {} }

    /// Triggers one claimed occurrence on the executor (the clock already stands at its due time).
    /// A workflow that is missing or inactive by then skips the occurrence, as Knock's does.
    func fire(_ occurrence: ScheduledOccurrence) {
        _ = try? trigger(workflowKey: occurrence.workflow, request: occurrence.request, source: occurrence.triggerSource)
    }
}
