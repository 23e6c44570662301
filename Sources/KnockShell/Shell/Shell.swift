import Foundation
import KnockCore

/// The interactive shell: reads inputs (multi-line while something is open), runs meta-commands,
/// evaluates everything else through the `ShellEvaluator`, renders results, keeps history and
/// the recording that `.save` writes.
///
/// ```swift
/// let shell = Shell(evaluator: interpreter, configuration: .fromEnvironment(catalog: catalog))
/// exit(await shell.run())    // 0 after Ctrl-D or .quit; 1 if piped input had an error
/// ```
///
/// On a terminal it uses libedit; with piped stdin it reads plain lines without prompt or history
/// (like `knocksh -f -`). Tests pass their own `reader` and a capturing `output`.
public final class Shell {
    public let evaluator: any ShellEvaluator
    public let configuration: ShellConfiguration
    public let output: ShellOutput
    public let history: History
    public let recentIds = RecentIds()
    /// The dispatch table for `.commands`; add to it before `run()`.
    public var metaCommands: [MetaCommand] = MetaCommand.builtins
    public var timing = false
    public var format: OutputFormat
    public internal(set) var recording = SessionRecording()

    private let providedReader: (any LineReading)?
    private var failures = 0

    public init(evaluator: any ShellEvaluator, configuration: ShellConfiguration,
                reader: (any LineReading)? = nil, output: ShellOutput = .standard()) {
        self.evaluator = evaluator
        self.configuration = configuration
        self.output = output
        self.providedReader = reader
        self.format = configuration.format
        self.history = History(path: configuration.historyPath, limit: configuration.historyLimit,
                               redactor: configuration.redactor)
    }

    /// The completion engine over this shell's evaluator, catalog, meta-commands and recent ids.
    public var completionEngine: CompletionEngine {
        let evaluator = self.evaluator
        return CompletionEngine(
            keywords: configuration.keywords,
            metaCommands: metaCommands.map(\.name),
            catalog: configuration.catalog,
            variables: { evaluator.variables },
            recentIds: recentIds,
            extra: { evaluator.completions(line: $0, cursor: $1) }
        )
    }

    public var renderer: ResultRenderer {
        let onTerminal = output.resultsOnTerminal
        return ResultRenderer(
            palette: Palette(enabled: Palette.colorsWanted(isTerminal: onTerminal, environment: configuration.environment)),
            format: format, isTerminal: onTerminal, width: Terminal.width(environment: configuration.environment))
    }

    private var errorRenderer: ResultRenderer {
        var r = renderer
        r.palette.enabled = Palette.colorsWanted(isTerminal: output.errorsOnTerminal, environment: configuration.environment)
        return r
    }

    // MARK: running

    /// Runs until Ctrl-D, `.quit` or the end of piped input. Returns the exit status.
    public func run() async -> Int32 {
        let reader = providedReader ?? makeReader()
        let interactive = reader.isInteractive
        let history = self.history
        // Every exit path saves history: here for Ctrl-D/.quit, the watcher for signals.
        let signals = configuration.handlesSignals ? SignalWatcher(exitOnIdleInterrupt: !interactive) {
            if interactive { history.save() }
            Terminal.restoreMode()
        } : nil
        self.signals = signals
        if interactive {
            say(banner())
        }
        defer {
            if interactive { history.save() }
            self.signals = nil
        }

        while true {
            guard let input = await readInput(reader) else { break }
            if input.isEmpty { continue }
            if interactive {
                // One entry per input, a multi-line record included, so Up recalls it whole and
                // Enter runs it again; the file gets the redacted form only.
                if let stored = history.add(input) { await reader.addToHistory(stored) }
            }
            if input.hasPrefix(".") && !input.hasPrefix("..") {
                if await runMeta(input) == .quit { break }
            } else {
                await evaluate(input, origin: nil)
            }
        }
        return !interactive && failures > 0 ? 1 : 0
    }

    private func makeReader() -> any LineReading {
        guard Terminal.stdinIsTerminal else { return PlainLineReader() }
        Terminal.saveMode()
        history.load()
        let engine = completionEngine
        return LibEditLineReader(options: .init(
            history: history.entries, historyLimit: configuration.historyLimit,
            completion: { engine.complete(line: $0, cursor: $1) },
            editOnStderr: !Terminal.stdoutIsTerminal))
    }

    /// One complete input: lines joined while the evaluator says something is open.
    /// Nil at the end of input; "" after Ctrl-C or for an empty line.
    private func readInput(_ reader: any LineReading) async -> String? {
        let prompt = reader.isInteractive ? configuration.prompt : ""
        signals?.clearPendingInterrupt()
        switch await reader.readLine(prompt: prompt) {
        case .endOfInput:
            // Ctrl-D leaves the cursor after the prompt; end that line before the shell exits.
            if reader.isInteractive { say("") }
            return nil
        case .interrupted: return ""
        case .line(let first):
            var text = first
            if text.trimmingCharacters(in: .whitespaces).hasPrefix(".") { return text.trimmingCharacters(in: .whitespaces) }
            while evaluator.needsMoreInput(text) {
                let more = reader.isInteractive ? configuration.continuationPrompt : ""
                switch await reader.readLine(prompt: more) {
                case .line(let next): text += "\n" + next
                case .interrupted: return ""
                // Let the evaluator report the unfinished input.
                case .endOfInput: return text
                }
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "" : text
        }
    }

    private func runMeta(_ line: String) async -> MetaCommand.Outcome {
        let (name, argument) = MetaCommand.split(line)
        guard let command = metaCommands.named(name) else {
            fail(ShellError("unknown shell command `\(name)`", hint: ".help lists them"))
            return .continue
        }
        do {
            return try await command.run(self, argument)
        } catch {
            fail(error)
            return .continue
        }
    }

    /// Set while `run()` runs; Ctrl-C during an evaluation goes through it.
    private var signals: SignalWatcher?

    /// Evaluates `source` with Ctrl-C wired to cancellation, renders the outcome and records it.
    public func evaluate(_ source: String, origin: String?) async {
        let watcher = signals
        let evaluator = self.evaluator
        let cancellation = ShellCancellation()
        let task = Task { try await evaluator.evaluate(source, cancellation: cancellation) }
        watcher?.arm {
            cancellation.cancel()
            task.cancel()
        }
        let started = ContinuousClock.now
        let outcome = await task.result
        watcher?.disarm()
        let elapsed = ContinuousClock.now - started

        switch outcome {
        case .success(let result):
            if !result.output.isEmpty { output.result(result.output.trimmingTrailingWhitespace()) }
            if let value = result.value {
                show(value)
                recentIds.observe(value)
            }
            if result.recordable {
                recording.append(RecordedStatement(source: source, succeeded: true, boundVariable: result.boundVariable,
                                                   origin: origin, value: result.value))
            }
        case .failure(let error):
            if cancellation.isCancelled || error is CancellationError || error is ShellCancelledError {
                // On a terminal the tty has echoed ^C without a newline; start a fresh line.
                output.error((output.errorsOnTerminal ? "\n" : "") + errorRenderer.palette.dim("cancelled"))
            } else {
                fail(error)
            }
            recording.append(RecordedStatement(source: source, succeeded: false, origin: origin))
            failures += 1
        }
        if timing {
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            say(renderer.palette.dim("(\(ResultRenderer.formatMilliseconds(ms)))"))
        }
    }

    // MARK: output helpers for meta-commands

    /// Shows a value as a result (table or JSON, by format and terminal).
    public func show(_ value: JSON) { output.result(renderer.render(value)) }
    /// Shows rendered text as a result.
    public func show(text: String) { output.result(text) }
    /// A message for the person at the terminal (never into a results pipe).
    public func say(_ text: String) { output.message(text) }
    /// Shows an error with its hint.
    public func fail(_ error: any Error) { output.error(errorRenderer.renderError(error)) }

    public func banner() -> String {
        let t = evaluator.target
        return "\(configuration.programName) shell · target: \(t.name) (\(t.isLocal ? "local" : "remote"))\n"
            + "Type .help for shell commands, help for the language, Ctrl-D to leave."
    }

    public func helpText() -> String {
        let width = metaCommands.map(\.usage.count).max() ?? 0
        var lines = ["Shell commands:"]
        for c in metaCommands {
            lines.append("  " + c.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.summary)
        }
        lines.append("")
        lines.append("Keys: TAB completes, Up/Down recall history, Ctrl-C cancels the line or the running command.")
        lines.append("Input continues on the next line while a {, [, ( or string is open.")
        return lines.joined(separator: "\n")
    }

    /// Writes the recording as a recipe; secrets typed in the session are replaced by a marker.
    public func saveRecipe(to path: String) throws {
        guard recording.successfulCount > 0 else {
            throw ShellError("nothing to save yet", hint: "successful statements of this session are saved; failed ones are left out")
        }
        let evaluator = self.evaluator
        let text = recording.recipe(target: evaluator.target.name, file: path) { evaluator.recipeText(for: $0, in: $1) }
        let redacted = configuration.redactor.redact(text)
        do {
            try redacted.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ShellError("cannot write \(path): \(error.localizedDescription)")
        }
        let kept = recording.successfulCount
        let dropped = recording.statements.count - kept
        say("saved \(kept) statement\(kept == 1 ? "" : "s") to \(path)" + (dropped > 0 ? " (\(dropped) failed left out)" : ""))
        if redacted != text {
            say("note: secrets in the session were replaced by \(BasicSecretRedactor.marker); read them from $env instead")
        }
    }
}
