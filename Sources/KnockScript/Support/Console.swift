#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to stdout/stderr that several threads can share without interleaving lines.
public enum Console {
    private static let lock = Locked(())

    public static func writeStdout(_ text: String) { write(text, to: 1) }
    public static func writeStderr(_ text: String) { write(text, to: 2) }

    static func write(_ text: String, to fd: Int32) {
        lock.withLock { _ in
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { raw in
                    Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                }
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                offset += n
            }
            bytes.removeAll()
        }
    }
}
