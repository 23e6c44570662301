/// Reads lines from a pipe or file: no prompt, no history, no completion.
///
/// Reads happen on their own thread so a slow producer never blocks the cooperative pool.
///
/// ```swift
/// let reader = PlainLineReader()         // stdin
/// while case .line(let text) = await reader.readLine(prompt: "") { ... }
/// ```
public final class PlainLineReader: LineReading {
    private let thread = EditorThread(name: "knocksh.stdin")
    private let next: @Sendable () -> String?

    public var isInteractive: Bool { false }

    /// `next` returns one line without its newline, or nil at the end (default: stdin).
    public init(next: @escaping @Sendable () -> String? = { Swift.readLine(strippingNewline: true) }) {
        self.next = next
    }

    public func readLine(prompt: String) async -> LineInput {
        let next = self.next
        return await thread.run { next().map(LineInput.line) ?? .endOfInput }
    }
}
