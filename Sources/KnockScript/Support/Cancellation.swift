#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread-safe "stop now" flag with an optional deadline. Loops, `sleep` and `wait until`
/// check it; commands that block on I/O should too, or register `onCancel` to abort their call.
///
/// ```swift
/// let flag = CancellationFlag()
/// flag.deadline = MonotonicClock.nanoseconds() + 5_000_000_000   // --timeout 5s
/// if flag.sleep(milliseconds: 200) { /* woke early: cancelled */ }
/// flag.cancel(reason: .interrupted)                               // Ctrl-C
/// ```
public final class CancellationFlag: @unchecked Sendable {
    public enum Reason: Sendable { case interrupted, timedOut, stopped }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var _reason: Reason?
    private var _deadline: UInt64?
    private var handlers: [@Sendable () -> Void] = []

    public init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Monotonic nanoseconds after which the flag reports `.timedOut`.
    public var deadline: UInt64? {
        get { locked { _deadline } }
        set { locked { _deadline = newValue } }
    }

    /// Why the work should stop, or nil to keep going. Checks the deadline too.
    public var reason: Reason? {
        let (r, d) = locked { (_reason, _deadline) }
        if let r { return r }
        if Interrupt.requested { return .interrupted }
        if let d, MonotonicClock.nanoseconds() >= d { return .timedOut }
        return nil
    }

    public var isCancelled: Bool { reason != nil }

    public func cancel(reason: Reason = .interrupted) {
        let toRun: [@Sendable () -> Void] = locked {
            guard _reason == nil else { return [] }
            _reason = reason
            pthread_cond_broadcast(condition)
            let h = handlers
            handlers = []
            return h
        }
        for h in toRun { h() }
    }

    /// Clears a cancellation (not the deadline) so the flag can be used again. The interactive
    /// shell keeps one session, and so one flag, for its whole life: after Ctrl-C stops one
    /// input, the next input must run. Pending `onCancel` handlers are dropped.
    ///
    /// ```swift
    /// flag.cancel(reason: .interrupted)   // Ctrl-C during `sleep 30s`
    /// flag.reset()                        // before the next input
    /// ```
    public func reset() {
        locked {
            _reason = nil
            handlers = []
        }
    }

    /// Runs `handler` once when the flag is cancelled (at once if it already is).
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = locked { () -> Bool in
            if _reason != nil { return true }
            handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Sleeps up to `milliseconds`, waking early on cancellation or the deadline.
    /// Returns true when it woke because the work should stop.
    @discardableResult
    public func sleep(milliseconds: Int) -> Bool {
        let start = MonotonicClock.nanoseconds()
        var until = start + UInt64(max(0, milliseconds)) * 1_000_000
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let d = _deadline, d < until { until = d }
        while _reason == nil && !Interrupt.requested {
            let now = MonotonicClock.nanoseconds()
            if now >= until { break }
            // pthread_cond_timedwait takes a CLOCK_REALTIME deadline by default.
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            let wait = min(until - now, 50_000_000)
            var nsec = Int(ts.tv_nsec) + Int(wait)
            ts.tv_sec += nsec / 1_000_000_000
            nsec %= 1_000_000_000
            ts.tv_nsec = .init(nsec)
            pthread_cond_timedwait(condition, mutex, &ts)
        }
        if _reason != nil { return true }
        if let d = _deadline, MonotonicClock.nanoseconds() >= d { return true }
        return false
    }
}
