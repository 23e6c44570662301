import Foundation
import Synchronization

/// One long-lived thread that runs blocking jobs in order, bridged to async callers.
///
/// libedit blocks inside `readline()` and is not thread-safe, so every libedit call goes
/// through one of these. A Task would block a thread of the cooperative pool instead (there may
/// be only two of them on a small machine).
///
/// ```swift
/// let thread = EditorThread(name: "knocksh.editor")
/// let line = await thread.run { readline("knock> ") }
/// ```
final class EditorThread: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    init(name: String) {
        // The thread keeps this object alive; it lives as long as the process, like libedit's state.
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.start()
    }

    private func loop() -> Never {
        // The shell's own signals are handled elsewhere (SignalWatcher); keeping them off this
        // thread means a signal never interrupts libedit halfway through redrawing a line.
        var shellSignals = sigset_t()
        sigemptyset(&shellSignals)
        for signo in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&shellSignals, signo) }
        pthread_sigmask(SIG_BLOCK, &shellSignals, nil)
        while true {
            available.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }

    /// Runs `body` on the thread and blocks the caller until it is done (start-up only).
    func runAndWait(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        jobs.withLock { $0.append { body(); done.signal() } }
        available.signal()
        done.wait()
    }

    /// Runs `body` on the thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: body()) } }
            available.signal()
        }
    }
}
