import Foundation
import KnockCore

/// A throttle window for one recipient (+ key) of one throttle step.
struct ThrottleWindow {
    var endsAt: Date
    var count: Int
}

/// Throttle steps (§1.7): the window opens at the first run through; runs beyond `throttle_limit`
/// inside it halt. An invalid key or window skips the step. At most 31 days.
extension WorkflowRuntime {
    static let maxThrottleWindow: TimeInterval = 31 * 86_400

    func executeThrottle(_ step: ThrottleStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        let now = clock.now
        let key: String
        do { key = try keyValue(step.throttleKey, run) } catch { return .failed(error.description) }
        var endsAt: Date?
        if let path = step.windowFieldPath {
            switch dynamicTime(path, run) {
            case .after(let d)?: endsAt = d.added(to: now)
            case .at(let t)?: endsAt = t
            case nil: endsAt = nil
            }
        } else {
            endsAt = step.window.map { $0.added(to: now) }
        }
        guard let proposedEnd = endsAt, proposedEnd > now, proposedEnd.timeIntervalSince(now) <= Self.maxThrottleWindow, key.count < 64 else {
            run.log("step_skipped", step: stepRef, ok: false, data: ["reason": "invalid_throttle"], at: now)
            return .next
        }
        let identity = "\(run.workflow.key)\n\(step.common.ref)\n\(run.recipient)\n\(key)"
        var window = throttles[identity].flatMap { $0.endsAt > now ? $0 : nil } ?? ThrottleWindow(endsAt: proposedEnd, count: 0)
        window.count += 1
        throttles[identity] = window
        persistence.throttles.insert(identity)
        if window.count > step.limit {
            run.log("throttled", step: stepRef, data: ["window_ends_at": .string(ProviderTimestamp.string(window.endsAt))], at: now)
            return .halt
        }
        return .next
    }
}
