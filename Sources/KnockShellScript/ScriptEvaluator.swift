import KnockCore
import KnockScript
import KnockShell
import Synchronization

/// The shell's evaluator over the knocksh language: every input runs in one `ScriptSession`, so
/// variables and functions persist from line to line.
///
/// - Ctrl-C cancels the session's `CancellationFlag` (waits, sleeps and loops stop at their next
///   check; API commands abort their request through `onCancel`); the flag is cleared before
///   the next input.
/// - Errors arrive as `ScriptProblem`s: message, source line with a caret, hint.
/// - Completion uses the registry (`RegistryCatalog`, for the shell's configuration) and the
///   variables' values, which are snapshotted after each input for `.vars` and `$run.wo<TAB>`.
///
/// ```swift
/// let registry = CommandRegistry.standard()
/// let evaluator = ScriptEvaluator(makeContext: { ExecutionContext(registry: registry) })
/// var config = ShellConfiguration.fromEnvironment(catalog: RegistryCatalog(registry: registry))
/// exit(await Shell(evaluator: evaluator, configuration: config).run())
/// ```
public final class ScriptEvaluator: ShellEvaluator, Sendable {
    /// Where the API layer plugs in (`knocksh`'s `ShellAPI`); each has a working default, so
    /// the evaluator also runs the bare language (tests, a build without the API).
    public struct Hooks: Sendable {
        /// The last HTTP exchange, for `.last`, read after each input on the session's thread.
        public var lastExchange: @Sendable (ExecutionContext) -> ShellExchange? = { _ in nil }
        /// Called by `.reset` before the fresh session is made: the local engine wipes its
        /// storage here. Default: nothing to wipe (the fresh session is the whole reset).
        public var resetEnvironment: @Sendable () async throws -> Void = {}
        /// `.target SPEC`. Default: refuses with a hint.
        public var switchTarget: (@Sendable (String) async throws -> ShellTarget)? = nil
        /// Called on the session's thread before each input runs, after the Ctrl-C flag was
        /// cleared and the output set: the API layer attaches the current target's session,
        /// a fresh cancel handle and its redacting output here.
        public var prepare: @Sendable (ExecutionContext) -> Void = { _ in }

        public init() {}
    }

    private struct Snapshot {
        var variables: [(name: String, value: JSON)] = []
        var exchange: ShellExchange? = nil
        var target: ShellTarget
    }

    private let worker: SessionWorker
    private let makeContext: @Sendable () -> ExecutionContext
    private let hooks: Hooks
    private let printsImmediately: Bool
    private let snapshot: Mutex<Snapshot>
    /// `.save` asks for each statement's text in turn; the plan over the whole session is made
    /// once per save (the same array is passed each time, so comparing it is cheap).
    private let savedPlan = Mutex<(session: [RecordedStatement], plan: RecipePlan)?>(nil)

    /// - Parameters:
    ///   - makeContext: a fresh context (registry, attachments) for a new session; called again
    ///     by `.reset`.
    ///   - printsImmediately: `print` writes straight to stdout while the input runs (so a loop's
    ///     progress shows); false collects it into `ShellResult.output` (tests).
    public init(target: ShellTarget = ShellTarget(name: "local engine", isLocal: true),
                hooks: Hooks = Hooks(), printsImmediately: Bool = true,
                makeContext: @escaping @Sendable () -> ExecutionContext) {
        self.makeContext = makeContext
        self.hooks = hooks
        self.printsImmediately = printsImmediately
        self.snapshot = Mutex(Snapshot(target: target))
        worker = SessionWorker { ScriptSession(context: makeContext()) }
    }

    // MARK: ShellEvaluator

    public var target: ShellTarget { snapshot.withLock { $0.target } }
    public var variables: [(name: String, value: JSON)] { snapshot.withLock { $0.variables } }
    public var lastExchange: ShellExchange? { snapshot.withLock { $0.exchange } }

    public func needsMoreInput(_ source: String) -> Bool {
        // The language's own rule (it also continues after a trailing `|` or operator); the
        // shell's scanner agrees on brackets and strings. A lone `}` is complete either way.
        !ScriptSession.isCompleteInput(source)
    }

    public func evaluate(_ source: String, cancellation: ShellCancellation) async throws -> ShellResult {
        let printsImmediately = self.printsImmediately
        let hooks = self.hooks
        let outcome: Result<ShellResult, ScriptProblem> = await worker.perform { session in
            let flag = session.context.cancellation
            // One flag serves the whole session: clear the last input's Ctrl-C first.
            flag.reset()
            cancellation.onCancel { flag.cancel(reason: .interrupted) }
            let collected = BufferedOutput()
            session.context.output = printsImmediately ? StandardOutput() : collected
            hooks.prepare(session.context)
            let result = Self.run(source, in: session)
            let variables = Self.jsonVariables(session.variables)
            let exchange = hooks.lastExchange(session.context)
            self.snapshot.withLock {
                $0.variables = variables
                $0.exchange = exchange
            }
            return result.map { r in
                var r = r
                r.output = collected.text + r.output
                return r
            }
        }
        switch outcome {
        case .success(let r): return r
        case .failure(let problem):
            if problem.kind == .cancelled || cancellation.isCancelled { throw ShellCancelledError() }
            throw problem
        }
    }

    public func completions(line: String, cursor: Int) -> [String] { [] }

    public func reset() async throws {
        try await hooks.resetEnvironment()
        let makeContext = self.makeContext
        await worker.perform { session in
            session = ScriptSession(context: makeContext())
        }
        snapshot.withLock {
            $0.variables = []
            $0.exchange = nil
        }
    }

    public func switchTarget(to spec: String) async throws -> ShellTarget {
        guard let change = hooks.switchTarget else {
            throw ShellError("this build cannot switch targets from the shell",
                             hint: "restart knocksh with the target you want (see knocksh --help)")
        }
        let t = try await change(spec)
        snapshot.withLock { $0.target = t }
        return t
    }

    public func recipeText(for statement: RecordedStatement, in session: [RecordedStatement]) -> String? {
        let plan = savedPlan.withLock { cached -> RecipePlan in
            if let cached, cached.session == session { return cached.plan }
            let plan = RecipePlan(session)
            cached = (session, plan)
            return plan
        }
        return plan.texts[statement.index] ?? statement.source
    }

    // MARK: on the worker thread

    /// Runs one input; `let NAME = ...` shows the bound value and names the variable.
    private static func run(_ source: String, in session: ScriptSession) -> Result<ShellResult, ScriptProblem> {
        let shape = InputShape(source)
        do {
            let value = try session.run(source)
            var result = ShellResult(boundVariable: shape.boundVariable, recordable: !shape.isHelp)
            // A command's null is its way of saying "done" (print, sleep): show nothing.
            let returned: Value? = if shape.endsInCommand, case .null? = value { nil } else { value }
            let shown = returned ?? shape.boundVariable.flatMap { name in session.variables.last { $0.name == name }?.value }
            if let shown {
                if let json = try? shown.json() { result.value = json } else { result.output = shown.text }
            }
            return .success(result)
        } catch {
            return .failure(ScriptProblem(error))
        }
    }

    /// Variables as JSON for `.vars` and completion; functions (no JSON form) are left out.
    private static func jsonVariables(_ variables: [(name: String, value: Value)]) -> [(name: String, value: JSON)] {
        variables.compactMap { v in (try? v.value.json()).map { (name: v.name, value: $0) } }
    }
}
