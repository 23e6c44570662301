import Foundation
import KnockCore

/// The environment clock as the admin API drives it: read, advance (firing everything that
/// became due, in due order, before returning), freeze and unfreeze. While the clock follows
/// wall time, a wake-up on the executor fires timers as they come due.
///
/// ```swift
/// runtime.freeze()
/// runtime.advance(by: 600)   // a 10-minute batch window closes and its messages exist on return
/// runtime.clockJSON          // {"now": "…", "frozen": true, "pending_timers": 0}
/// ```
extension WorkflowRuntime {
    /// Moves the clock forward by `seconds` and fires every timer due by then. Each timer fires
    /// with the clock set to its due time, so what it creates carries that time; timers those
    /// firings schedule inside the window fire too. Returns the new time.
    @discardableResult
    public func advance(by seconds: TimeInterval) -> Date {
        onExecutor {
            runJobs(arm: false)
            let target = clock.now.addingTimeInterval(max(0, seconds))
            fireDue(until: target)
            clock.move(to: target)
            idempotency.prune(now: target)
            runJobs()
            return clock.now
        }
    }

    public func freeze() {
        onExecutor {
            clock.freeze()
            saveState()
        }
    }

    /// Follows wall time again from where the clock stands; fires anything already due.
    public func unfreeze() {
        onExecutor {
            clock.unfreeze()
            fireDue(until: clock.now)
            runJobs()
        }
    }

    /// `{now, frozen, pending_timers}` for `GET /_admin/clock` and the other clock calls.
    public var clockJSON: JSON {
        onExecutor {
            ["now": .string(ProviderTimestamp.string(clock.now)), "frozen": .bool(clock.isFrozen), "pending_timers": .int(timers.count)]
        }
    }

    /// Fires due timers and schedule occurrences in due order (ties: timers first, then in
    /// scheduling order) until none is due at `limit`.
    func fireDue(until limit: Date) {
        withLookupCache {
            while true {
                let timerDue = timers.nextDue()
                let scheduleDue = schedules?.nextDue()
                if let t = timerDue, t <= limit, scheduleDue.map({ t <= $0 }) ?? true, let entry = timers.popDue(notAfter: limit) {
                    clock.move(to: entry.dueAt)
                    fire(entry.payload)
                } else if let s = scheduleDue, s <= limit, let occurrence = schedules?.claim(notAfter: limit) {
                    clock.move(to: occurrence.dueAt)
                    fire(occurrence)
                } else {
                    return
                }
                runJobs(arm: false)
            }
        }
    }

    /// The earliest timer or schedule occurrence.
    private var nextWakeup: Date? {
        [timers.nextDue(), schedules?.nextDue()].compactMap { $0 }.min()
    }

    /// Queues a timer; the executor's wake-up is re-armed when the current job ends.
    @discardableResult
    func addTimer(at dueAt: Date, _ action: TimerAction) -> Int {
        let id = timers.schedule(at: dueAt, action)
        // A delivery's timer is saved with the delivery (runs and batches keep their timer ids).
        if case .retryDelivery(let messageID) = action {
            persistence.deliveryTimers[messageID] = id
            persistence.deliveries.insert(messageID)
        }
        return id
    }

    /// Arms one wall-time wake-up for the earliest timer (none while frozen: only advance moves time then).
    func armWakeup() {
        guard !clock.isFrozen, let next = nextWakeup else { return }
        if let armed = armedWakeup, armed <= next { return }
        armedWakeup = next
        let wait = max(0, next.timeIntervalSince(clock.now))
        executor.asyncAfter(deadline: .now() + wait) { [weak self] in
            guard let self else { return }
            self.armedWakeup = nil
            guard !self.clock.isFrozen else { return }
            self.fireDue(until: self.clock.now)
            self.runJobs()
        }
    }

    private func fire(_ action: TimerAction) {
        switch action {
        case .resumeRun(let id):
            guard let run = runs[id], run.status == .paused else { return }
            run.timerID = nil
            run.log("step_resumed", at: clock.now)
            continueRun(run)
        case .closeBatch(let identity):
            closeBatch(identity)
        case .retryDelivery(let messageID):
            persistence.deliveryTimers.removeValue(forKey: messageID)
            persistence.deliveries.insert(messageID)
            retryDelivery(messageID)
        }
    }
}
