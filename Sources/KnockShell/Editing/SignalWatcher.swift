import Foundation
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
/// signals.arm { cancellation.cancel() }   // while a command runs
/// signals.disarm()                         // back at the prompt
/// ```
public final class SignalWatcher: Sendable {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)
    private let exitOnIdleInterrupt: Bool
    private let onTerminate: @Sendable () -> Void
    /// A SIGINT that came while nothing was armed: Ctrl-C pressed right after Enter, before the
    /// command started. It must still cancel that command.
    private let pending = Atomic<Bool>(false)

    /// `exitOnIdleInterrupt`: SIGINT with no command running ends the process (piped input).
    ///
    /// A plain handler that writes the signal number to a pipe, read by a thread of our own.
    /// A DispatchSourceSignal lost some Ctrl-Cs on Linux (the signal could land on a thread
    /// where dispatch's handler consumed it); the self-pipe cannot lose one. libedit chains to
    /// this handler when a signal arrives mid-edit.
    public init(exitOnIdleInterrupt: Bool, onTerminate: @escaping @Sendable () -> Void) {
        self.exitOnIdleInterrupt = exitOnIdleInterrupt
        self.onTerminate = onTerminate
        let readEnd = SignalPipe.open()
        let thread = Thread { [weak self] in
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 {
                guard let self else { return }
                self.handle(Int32(byte))
            }
        }
        thread.name = "knocksh.signals"
        thread.start()
        for signo in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = knockshSignalHandler
            #else
            action.__sigaction_u.__sa_handler = knockshSignalHandler
            #endif
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(signo, &action, nil)
        }
    }

    /// What SIGINT does right now; nil when nothing is running.
    public var interruptAction: (@Sendable () -> Void)? {
        action.withLock { $0 }
    }

    /// Makes SIGINT run `action` until `disarm()`; runs it at once if a SIGINT is pending.
    public func arm(_ run: @escaping @Sendable () -> Void) {
        action.withLock { $0 = run }
        if pending.exchange(false, ordering: .sequentiallyConsistent) { run() }
    }

    public func disarm() {
        action.withLock { $0 = nil }
    }

    /// Forgets an unclaimed SIGINT; called before reading a line (while editing, ISIG is off, so
    /// a SIGINT then was sent by someone else and means nothing for the next command).
    public func clearPendingInterrupt() {
        pending.store(false, ordering: .sequentiallyConsistent)
    }

    private func handle(_ signo: Int32) {
        if signo == SIGINT {
            // Checked under the lock so an `arm` racing with this signal sees `pending`.
            let run: (@Sendable () -> Void)? = action.withLock { current in
                if current == nil { pending.store(true, ordering: .sequentiallyConsistent) }
                return current
            }
            if let run {
                run()
                return
            }
            guard exitOnIdleInterrupt else { return }
        }
        onTerminate()
        // The conventional status of a process ended by a signal.
        exit(128 + signo)
    }

}

/// The write end of the signal pipe, read by the handler (an atomic load is signal-safe).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

enum SignalPipe {
    /// Opens the pipe once per process and returns its read end.
    static func open() -> Int32 {
        var fds: [Int32] = [-1, -1]
        pipe(&fds)
        signalPipeWriteEnd.store(fds[1], ordering: .sequentiallyConsistent)
        return fds[0]
    }
}

/// Only async-signal-safe work: one write() of the signal number.
private func knockshSignalHandler(_ signo: Int32) {
    let fd = signalPipeWriteEnd.load(ordering: .sequentiallyConsistent)
    guard fd >= 0 else { return }
    var byte = UInt8(truncatingIfNeeded: signo)
    _ = write(fd, &byte, 1)
}
