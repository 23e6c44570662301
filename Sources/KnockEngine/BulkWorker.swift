import Foundation

/// Runs queued bulk operations in the background, one at a time, so a POST returns `queued` and
/// polling sees `processing` then `completed` or `failed`.
final class BulkWorker: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var wakeups: AsyncStream<Void>.Continuation?

    func start(engine: Engine) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        lock.lock()
        wakeups = continuation
        lock.unlock()
        task = Task.detached { [weak engine] in
            // Anything left queued by a previous run of the same --db file resumes now.
            engine?.runQueuedBulkOperations()
            for await _ in stream {
                guard let engine else { return }
                engine.runQueuedBulkOperations()
            }
        }
    }

    /// Signals that new work was queued.
    func wake() {
        lock.lock(); defer { lock.unlock() }
        wakeups?.yield()
    }

    func stop() {
        lock.lock()
        wakeups?.finish()
        wakeups = nil
        lock.unlock()
        task?.cancel()
    }
}
