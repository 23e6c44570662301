/// What one read from the user produced.
public enum LineInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-C while editing: the line is thrown away.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the shell: libedit on a terminal, plain reads from a pipe,
/// or a script in tests.
///
/// ```swift
/// let reader: any LineReading = Terminal.stdinIsTerminal
///     ? LibEditLineReader(options: .init(history: history.entries, completion: engine.complete))
///     : PlainLineReader()
/// if case .line(let text) = await reader.readLine(prompt: "knock> ") { ... }
/// ```
public protocol LineReading: Sendable {
    /// Whether a prompt, history and completion make sense (false for piped input).
    var isInteractive: Bool { get }
    func readLine(prompt: String) async -> LineInput
    /// Makes `entry` reachable with Up-arrow in this session (persistence is `History`'s job).
    func addToHistory(_ entry: String) async
}

extension LineReading {
    public func addToHistory(_ entry: String) async {}
}
