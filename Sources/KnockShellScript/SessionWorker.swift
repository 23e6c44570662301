#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KnockScript

/// One long-lived, big-stack thread that owns a `ScriptSession` and runs jobs on it in order.
///
/// Why a thread of its own: a session's compiled closures and frames belong to one thread, the
/// interpreter recurses deeply (it wants `ScriptThread`'s large stack), and commands block on
/// I/O, which must not tie up Swift's cooperative pool. Async callers hand a job over and await
/// its result. When the worker goes away its thread ends after the jobs already queued.
///
/// ```swift
/// let worker = SessionWorker { ScriptSession(context: ExecutionContext(registry: .standard())) }
/// let value = await worker.perform { session in try? session.run("1 + 1") }   // inout: may replace it
/// ```
final class SessionWorker: Sendable {
    private let queue = JobQueue()

    /// `makeSession` runs on the worker thread, so the session is born where it lives.
    init(makeSession: @escaping () -> ScriptSession) {
        // The thread holds the queue, not the worker, so dropping the worker can stop it.
        let queue = self.queue
        _ = ScriptThread {
            var session = makeSession()
            while let job = queue.next() {
                job(&session)
            }
        }
    }

    deinit { queue.stop() }

    /// Runs `body` on the worker thread after the jobs before it; the job may replace the
    /// session (`.reset` starts a fresh one).
    func perform<T: Sendable>(_ body: @escaping (inout ScriptSession) -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            queue.push { session in continuation.resume(returning: body(&session)) }
        }
    }
}

/// Jobs waiting for the worker thread; `nil` from `next()` means stop.
private final class JobQueue: @unchecked Sendable {
    typealias Job = (inout ScriptSession) -> Void
    private var jobs: [Job] = []
    private var stopped = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func push(_ job: @escaping Job) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    func next() -> Job? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while jobs.isEmpty && !stopped { pthread_cond_wait(condition, mutex) }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }
}
