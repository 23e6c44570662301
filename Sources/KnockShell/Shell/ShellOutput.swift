#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the shell writes, and what those places are.
///
/// Results go to stdout (flushed at once, so `knocksh | tee log` keeps up); messages such as the
/// banner go to the terminal (stderr when stdout is piped); errors go to stderr.
///
/// ```swift
/// let out = ShellOutput.standard()
/// let captured = ShellOutput.capturing()    // tests: read captured.text afterwards
/// ```
public struct ShellOutput: Sendable {
    public var result: @Sendable (String) -> Void
    public var message: @Sendable (String) -> Void
    public var error: @Sendable (String) -> Void
    /// Whether results land on a terminal (tables, colors) or in a pipe (plain JSON).
    public var resultsOnTerminal: Bool
    public var errorsOnTerminal: Bool

    public init(result: @escaping @Sendable (String) -> Void, message: @escaping @Sendable (String) -> Void,
                error: @escaping @Sendable (String) -> Void, resultsOnTerminal: Bool, errorsOnTerminal: Bool) {
        self.result = result
        self.message = message
        self.error = error
        self.resultsOnTerminal = resultsOnTerminal
        self.errorsOnTerminal = errorsOnTerminal
    }

    public static func standard() -> ShellOutput {
        let stdoutTTY = Terminal.stdoutIsTerminal
        return ShellOutput(
            result: { writeLine($0, to: 1) },
            message: { writeLine($0, to: stdoutTTY ? 1 : 2) },
            error: { writeLine($0, to: 2) },
            resultsOnTerminal: stdoutTTY,
            errorsOnTerminal: Terminal.stderrIsTerminal
        )
    }

    /// Collects everything in memory; `text` returns results, messages and errors interleaved.
    public static func capturing(onTerminal: Bool = false) -> (output: ShellOutput, text: @Sendable () -> String) {
        let buffer = CaptureBuffer()
        let out = ShellOutput(
            result: { buffer.append($0) }, message: { buffer.append($0) }, error: { buffer.append($0) },
            resultsOnTerminal: onTerminal, errorsOnTerminal: onTerminal
        )
        return (out, { buffer.text })
    }

    /// Unbuffered write of a line; libedit shares the terminal, so nothing may sit in a buffer.
    static func writeLine(_ text: String, to fd: Int32) {
        var bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}

final class CaptureBuffer: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ s: String) { lines.withLock { $0.append(s) } }
    var text: String { lines.withLock { $0.map { $0 + "\n" }.joined() } }
}
