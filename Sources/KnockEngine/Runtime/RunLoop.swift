import Foundation
import KnockCore

/// What executing one step did to its run.
enum StepOutcome {
    /// Go on with the next step.
    case next
    /// Wait: a timer (delay, fetch retry) or a batch close resumes the run.
    case paused
    /// The run ends here without error (throttled, batched into another run, terminating branch).
    case halt
    /// The step failed; the run ends with an error (§1.15).
    case failed(String)
    /// Run these branch steps next.
    case enter(BranchStep.Branch)
}

/// The run loop: executes a run's steps in order until it pauses or ends.
extension WorkflowRuntime {
    func continueRun(_ run: RecipientRun) {
        guard !run.isFinished else { return }
        persistence.runs.insert(run.id)
        run.status = .processing
        while let step = run.cursor.next() {
            // Step conditions (none on batch and branch steps); a false condition skips the step.
            if let group = step.conditions, !conditions.evaluate(group, in: conditionContext(run)) {
                if case .channel = step { run.refs[step.ref] = .skipped }
                run.log("step_skipped", step: step, data: ["reason": "conditions_not_met"], at: clock.now)
                continue
            }
            switch execute(step, run) {
            case .next:
                continue
            case .paused:
                run.status = .paused
                run.updatedAt = clock.now
                runStore?.save(run)
                return
            case .halt:
                run.cursor.stop()
            case .failed(let reason):
                run.errorCount += 1
                run.log("step_failed", step: step, ok: false, data: ["error": .string(reason)], at: clock.now)
                run.cursor.stop()
            case .enter(let branch):
                run.log("branch_selected", step: step, data: ["branch": branch.name.map(JSON.string) ?? .null], at: clock.now)
                run.cursor.enter(branch.steps, terminates: branch.terminates)
            }
        }
        finish(run, .completed)
    }

    func finish(_ run: RecipientRun, _ status: RecipientRunStatus) {
        guard !run.isFinished else { return }
        persistence.runs.insert(run.id)
        run.status = status
        if status == .completed { run.log("workflow_run_completed", at: clock.now) }
        run.updatedAt = clock.now
        runStore?.save(run)
    }

    private func execute(_ step: Step, _ run: RecipientRun) -> StepOutcome {
        switch step {
        case .channel(let s): return executeChannel(s, step, run)
        case .delay(let s): return executeDelay(s, step, run)
        case .batch(let s): return executeBatch(s, step, run)
        case .throttle(let s): return executeThrottle(s, step, run)
        case .branch(let s): return executeBranch(s, run)
        case .httpFetch(let s): return executeFetch(s, step, run)
        case .triggerWorkflow(let s): return executeTriggerWorkflow(s, step, run)
        case .updateData(let s): return executeUpdateData(s, step, run)
        case .updateUser(let s): return executeUpdateRecipient(s, step, run, kind: .user)
        case .updateObject(let s): return executeUpdateRecipient(s, step, run, kind: .object)
        case .updateTenant(let s): return executeUpdateRecipient(s, step, run, kind: .tenant)
        case .unsupported:
            // Steps the engine does not model are passed over rather than failing the run.
            run.log("step_skipped", step: step, data: ["reason": "unsupported_step_type"], at: clock.now)
            return .next
        }
    }
}
