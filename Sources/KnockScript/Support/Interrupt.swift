#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C, as a flag every cancellation check reads. A signal handler may only touch plain
/// memory, so the flag is a raw word set from the handler.
public enum Interrupt {
    nonisolated(unsafe) static let flag: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    public static var requested: Bool { flag.pointee != 0 }

    /// Installs a SIGINT handler: the first Ctrl-C stops scripts at their next check, the second
    /// exits at once.
    public static func install() {
        _ = flag
        // A parent may spawn us with SIGINT blocked (Foundation's Process does); threads created
        // after this inherit the unblocked mask.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            if Interrupt.flag.pointee != 0 { _exit(130) }
            Interrupt.flag.pointee = 1
        }
    }

    /// For tests.
    public static func reset() { flag.pointee = 0 }
}
