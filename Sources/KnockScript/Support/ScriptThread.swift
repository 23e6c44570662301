#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on a new OS thread with a large stack and waits for it. Scripts recurse through
/// the interpreter, so they get more stack than the default 8 MB main thread, and each test runs
/// on its own thread because commands may block on I/O.
///
/// ```swift
/// let t = ScriptThread { runTest() }
/// t.join()
/// ```
public final class ScriptThread: @unchecked Sendable {
    private var thread: pthread_t?
    private let body: () -> Void

    public static let stackSize = 256 * 1024 * 1024

    public init(stackSize: Int = ScriptThread.stackSize, _ body: @escaping () -> Void) {
        self.body = body
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, stackSize)
        let box = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Glibc)
        var t = pthread_t()
        let rc = pthread_create(&t, &attr, { raw in
            let me = Unmanaged<ScriptThread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            return nil
        }, box)
        #else
        var t: pthread_t?
        let rc = pthread_create(&t, &attr, { raw in
            let me = Unmanaged<ScriptThread>.fromOpaque(raw).takeRetainedValue()
            me.body()
            return nil
        }, box)
        #endif
        pthread_attr_destroy(&attr)
        if rc == 0 {
            thread = t
        } else {
            // No thread: run inline rather than lose the work.
            Unmanaged<ScriptThread>.fromOpaque(box).release()
            body()
        }
    }

    public func join() {
        #if canImport(Glibc)
        if let t = thread { pthread_join(t, nil) }
        #else
        if let t = thread { pthread_join(t, nil) }
        #endif
        thread = nil
    }

    /// Runs `body` on a big-stack thread and returns its result.
    public static func run<T>(_ body: @escaping () -> T) -> T {
        let result = Locked<T?>(nil)
        let t = ScriptThread { let r = body(); result.withLock { $0 = r } }
        t.join()
        return result.value!
    }
}
