@preconcurrency import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing on a terminal with libedit: emacs keys, UTF-8, history, TAB completion, and
/// Ctrl-C that cancels the line instead of the process.
///
/// Every libedit call runs on one `EditorThread`. Create one reader per process (libedit's
/// readline API is a singleton).
///
/// ```swift
/// let reader = LibEditLineReader(options: .init(
///     history: history.entries,
///     completion: { line, cursor in engine.complete(line: line, cursor: cursor) }))
/// switch await reader.readLine(prompt: "knock> ") {
/// case .line(let text): print(text)
/// case .interrupted: break        // Ctrl-C: fresh prompt
/// case .endOfInput: exit(0)       // Ctrl-D
/// }
/// ```
public final class LibEditLineReader: LineReading {
    public struct Options: Sendable {
        /// Earlier entries for Up-arrow, oldest first.
        public var history: [String]
        public var historyLimit: Int
        public var completion: @Sendable (String, Int) -> [String]
        /// Prompt and editing go to stderr (e.g. when stdout is piped), keeping stdout for results.
        public var editOnStderr: Bool

        public init(history: [String] = [], historyLimit: Int = 1000,
                    completion: @escaping @Sendable (String, Int) -> [String] = { _, _ in [] },
                    editOnStderr: Bool = false) {
            self.history = history
            self.historyLimit = historyLimit
            self.completion = completion
            self.editOnStderr = editOnStderr
        }
    }

    private let thread = EditorThread(name: "knocksh.editor")
    public var isInteractive: Bool { true }

    public init(options: Options) {
        libEditCompleter.withLock { $0 = options.completion }
        // Synchronous on purpose: the first prompt must find libedit ready.
        thread.runAndWait { Self.configure(options) }
    }

    private static func configure(_ options: Options) {
        Terminal.useUTF8Locale()
        shim_set_readline_name("knocksh")
        // Must precede rl_initialize(): libedit opens its streams there.
        if options.editOnStderr { shim_set_outstream(shim_stderr()) }
        rl_initialize()
        shim_set_word_breaks(wordBreaks)
        shim_set_completion_function(libEditAttemptCompletion)
        shim_set_pre_input_hook(libEditPreInput)
        _ = rl_add_defun("knocksh-interrupt", libEditInterrupt, 3)
        shim_set_query_items(200)
        using_history()
        stifle_history(Int32(options.historyLimit))
        for entry in options.history { add_history(entry) }
    }

    /// libedit keeps the pointer, so the break characters live as long as the process.
    nonisolated(unsafe) private static let wordBreaks: UnsafeMutablePointer<CChar> = strdup(CompletionWord.breakCharacters)

    public func readLine(prompt: String) async -> LineInput {
        await thread.run {
            libEditInterrupted.store(false, ordering: .sequentiallyConsistent)
            let raw = readline(prompt)
            defer { free(raw) }
            // Checked first: libedit ends a line whose key binding set rl_done as if at EOF (NULL).
            if libEditInterrupted.load(ordering: .sequentiallyConsistent) {
                // The line stays on screen with ^C after it, like a shell; the next prompt starts below.
                fputs("^C\n", shim_outstream_or_stdout())
                return .interrupted
            }
            guard let raw else { return .endOfInput }
            return .line(String(cString: raw))
        }
    }

    public func addToHistory(_ entry: String) async {
        await thread.run { _ = add_history(entry) }
    }
}

/// Where libedit draws: stderr when configured so, else stdout.
private func shim_outstream_or_stdout() -> UnsafeMutablePointer<FILE> {
    Terminal.stdoutIsTerminal ? shim_stdout() : shim_stderr()
}
