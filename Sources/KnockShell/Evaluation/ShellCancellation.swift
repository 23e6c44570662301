import Synchronization

/// The handle Ctrl-C pulls while a command runs.
///
/// The shell makes one per evaluation and cancels it from its SIGINT handler (and cancels the
/// evaluating task too). Waits and requests either poll `isCancelled`/`check()` or register a
/// handler that stops them.
///
/// ```swift
/// while !done {
///     try cancellation.check()                 // throws ShellCancelledError after Ctrl-C
///     try await Task.sleep(for: .milliseconds(50))
/// }
/// cancellation.onCancel { request.cancel() }   // runs at once if already cancelled
/// ```
public final class ShellCancellation: Sendable {
    private struct State {
        var cancelled = false
        var handlers: [@Sendable () -> Void] = []
    }
    private let state = Mutex(State())

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Throws `ShellCancelledError` once cancelled.
    public func check() throws {
        if isCancelled { throw ShellCancelledError() }
    }

    /// Runs `handler` on cancellation (immediately if it already happened), on the cancelling thread.
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.cancelled { return true }
            s.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    public func cancel() {
        // Handlers run outside the lock so one may call back into this object.
        let handlers = state.withLock { s -> [@Sendable () -> Void] in
            if s.cancelled { return [] }
            s.cancelled = true
            defer { s.handlers = [] }
            return s.handlers
        }
        for h in handlers { h() }
    }
}
