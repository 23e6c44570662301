import Dispatch
import Foundation
import KnockCore

/// Cancels a blocking call from another thread (Ctrl-C in the shell, a runner's timeout).
///
/// ```swift
/// let handle = CancelHandle()
/// signalSource.setEventHandler { handle.cancel() }
/// let json = try client.callBlocking(endpoint, arguments: ["u1"], cancel: handle)  // throws CancellationError once cancelled
/// ```
public final class CancelHandle: Sendable {
    private let state = Locked<(cancelled: Bool, task: Task<Void, Never>?)>((false, nil))

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Cancels the call in progress, and every later call made with this handle until `reset`.
    public func cancel() {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.cancelled = true
            return s.task
        }
        task?.cancel()
    }

    /// Lets the handle be used again after a cancellation was handled.
    public func reset() {
        state.withLock { $0.cancelled = false }
    }

    /// Throws `CancellationError` when cancelled: the check a synchronous loop makes between steps.
    public func check() throws {
        if isCancelled { throw CancellationError() }
    }

    fileprivate func attach(_ task: Task<Void, Never>) {
        let cancelled = state.withLock { s -> Bool in
            s.task = task
            return s.cancelled
        }
        if cancelled { task.cancel() }
    }

    fileprivate func detach() {
        state.withLock { $0.task = nil }
    }
}

/// Runs async work from synchronous code (the script interpreter runs on its own thread) and
/// waits for it. Never call it from a Swift concurrency task or an event loop: it blocks the
/// calling thread, which there would starve the pool the work itself needs.
///
/// ```swift
/// let value = try Blocking.run(cancel: handle) { try await client.call(endpoint, arguments: ["u1"]) }
/// ```
public enum Blocking {
    /// How often a waiting caller asks `stopWhen`: short enough that Ctrl-C feels immediate,
    /// long enough that a waiting thread costs nothing measurable.
    static let stopCheckInterval = DispatchTimeInterval.milliseconds(20)

    /// With `stopWhen`, the caller also asks it while waiting and cancels the work (through
    /// `cancel`, or a handle of its own) once it says stop: how a plain Ctrl-C, which only sets a
    /// flag from its signal handler, cuts an HTTP call short.
    public static func run<T: Sendable>(
        cancel: CancelHandle? = nil, stopWhen: (() -> Bool)? = nil,
        _ operation: @escaping @Sendable () async throws -> T
    ) throws -> T {
        let cancel = cancel ?? (stopWhen == nil ? nil : CancelHandle())
        try cancel?.check()
        let result = Locked<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        // The work runs on Blocking's own threads, not Swift's cooperative pool: callers block
        // plain threads, and a pool busy with other blocked work (a test runner's, a server's
        // handlers) must not be able to starve the request that would unblock them.
        let task = Task(executorPreference: BlockingExecutor.shared) {
            do {
                let value = try await operation()
                result.withLock { $0 = .success(value) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        cancel?.attach(task)
        if let stopWhen, let cancel {
            while done.wait(timeout: .now() + stopCheckInterval) == .timedOut {
                if stopWhen() {
                    cancel.cancel()
                    done.wait()
                    break
                }
            }
        } else {
            done.wait()
        }
        cancel?.detach()
        return try result.withLock { $0! }.get()
    }
}

extension KnockClient {
    /// `call` for synchronous callers; see `Blocking`.
    public func callBlocking(
        _ endpoint: Endpoint, arguments: [String] = [], options: [(String, JSON)] = [], body: JSON? = nil,
        all: Bool = false, cancel: CancelHandle? = nil
    ) throws -> JSON {
        let options = options.map { OptionPair($0.0, $0.1) }
        return try Blocking.run(cancel: cancel) {
            let pairs = options.map { ($0.name, $0.value) }
            if all { return try await self.all(endpoint, arguments: arguments, options: pairs, body: body) }
            return try await self.call(endpoint, arguments: arguments, options: pairs, body: body)
        }
    }

    /// `send` for synchronous callers; see `Blocking`.
    public func sendBlocking(_ request: APIRequest, cancel: CancelHandle? = nil) throws -> APIResponse {
        try Blocking.run(cancel: cancel) { try await self.send(request) }
    }

    /// `raw` for synchronous callers; see `Blocking`.
    public func rawBlocking(_ method: String, _ path: String, body: JSON? = nil, cancel: CancelHandle? = nil) throws -> APIResponse {
        try Blocking.run(cancel: cancel) { try await self.raw(method, path, body: body) }
    }
}

/// Tuples are not `Sendable`-checked through closures; this carries an option across.
private struct OptionPair: Sendable {
    let name: String
    let value: JSON
    init(_ name: String, _ value: JSON) {
        self.name = name
        self.value = value
    }
}

/// A task executor on Dispatch threads outside the cooperative pool, for `Blocking.run`.
final class BlockingExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = BlockingExecutor()
    private let queue = DispatchQueue(label: "knocksh.blocking", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
