import Foundation
import KnockCore

/// Delay steps (§1.5): pause until `now + delay_for`, until the timestamp at
/// `delay_until_field_path`, or that timestamp offset by `delay_for`. `skip_delay` passes over
/// every delay; a missing, invalid or past target skips the step. At most 365 days.
extension WorkflowRuntime {
    static let maxDelay: TimeInterval = 365 * 86_400

    func executeDelay(_ step: DelayStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        let now = clock.now
        if run.skipDelay {
            run.log("step_skipped", step: stepRef, data: ["reason": "skip_delay"], at: now)
            return .next
        }
        var due: Date?
        if let path = step.delayUntilFieldPath {
            switch dynamicTime(path, run) {
            case .at(let t)?: due = step.delayFor.map { $0.added(to: t) } ?? t
            case .after(let d)?: due = d.added(to: now)
            case nil: due = nil
            }
        } else if let d = step.delayFor {
            due = d.added(to: now)
        }
        guard let due, due > now, due.timeIntervalSince(now) <= Self.maxDelay else {
            run.log("step_skipped", step: stepRef, ok: false, data: ["reason": "invalid_delay"], at: now)
            return .next
        }
        run.timerID = addTimer(at: due, .resumeRun(run.id))
        run.log("delay_started", step: stepRef, data: ["until": .string(ProviderTimestamp.string(due))], at: now)
        return .paused
    }
}
