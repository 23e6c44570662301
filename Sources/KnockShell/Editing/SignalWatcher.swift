import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Routes the shell's signals: SIGINT cancels the running command (or, with nothing running and
/// no line editor, ends the process); SIGTERM and SIGHUP run the exit handler (save history,
/// restore the terminal) and exit.
///
/// While the user edits a line the tty's ISIG is off, so Ctrl-C never becomes a signal there;
/// while a command runs the terminal is in normal mode and Ctrl-C arrives here.
///
/// ```swift
/// let signals = SignalWatcher(onTerminate: { history.save(); Terminal.restoreMode() })
/// signals.interruptAction = { cancellation.cancel() }   // while a command runs
/// signals.interruptAction = nil                          // back at the prompt
/// ```
public final class SignalWatcher: Sendable {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)
    private let exitOnIdleInterrupt: Bool
    private let onTerminate: @Sendable () -> Void
    // Dispatch sources stop when released, so they live as long as the watcher.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    /// `exitOnIdleInterrupt`: SIGINT with no command running ends the process (piped input).
    public init(exitOnIdleInterrupt: Bool, onTerminate: @escaping @Sendable () -> Void) {
        self.exitOnIdleInterrupt = exitOnIdleInterrupt
        self.onTerminate = onTerminate
        let queue = DispatchQueue(label: "knocksh.signals")
        for signo in [SIGINT, SIGTERM, SIGHUP] {
            // Ignore the default action (death) so only the dispatch source sees the signal.
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
            source.setEventHandler { [weak self] in self?.handle(signo) }
            source.resume()
            sources.append(source)
        }
    }

    /// What SIGINT does right now; nil when nothing is running.
    public var interruptAction: (@Sendable () -> Void)? {
        get { action.withLock { $0 } }
        set { action.withLock { $0 = newValue } }
    }

    private func handle(_ signo: Int32) {
        if signo == SIGINT {
            if let run = interruptAction {
                run()
                return
            }
            guard exitOnIdleInterrupt else { return }
        }
        onTerminate()
        // The conventional status of a process ended by a signal.
        exit(128 + signo)
    }

    deinit {
        for s in sources { s.cancel() }
    }
}
