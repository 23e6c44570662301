import KnockCore

/// The seam between the shell and the language: everything the shell needs from an interpreter.
///
/// The shell owns the terminal (editing, history, completion, rendering, meta-commands); the
/// evaluator owns the meaning of what was typed. `knocksh` wires the real interpreter in; tests
/// use a small fake.
///
/// ```swift
/// final class Interpreter: ShellEvaluator, @unchecked Sendable {
///     func evaluate(_ source: String, cancellation: ShellCancellation) async throws -> ShellResult {
///         let value = try await run(parse(source), cancellation)   // throw a ShellReportableError
///         return ShellResult(value: value, boundVariable: "run")    // for `let run = ...`
///     }
///     var target: ShellTarget { ShellTarget(name: "local engine", isLocal: true) }
/// }
/// let code = await Shell(evaluator: Interpreter(), configuration: .fromEnvironment()).run()
/// ```
///
/// It is `Sendable` because the shell calls it from two threads, never at the same time:
/// completion runs on the line editor's thread while the user types, evaluation runs in a task
/// while the editor is idle. An implementation with mutable state may be `@unchecked Sendable`.
public protocol ShellEvaluator: AnyObject, Sendable {
    /// Evaluates one complete input (it may span several lines).
    ///
    /// Throw a `ShellReportableError` to show a message and a hint. Check `cancellation` (or
    /// `Task.isCancelled`: the shell cancels both on Ctrl-C) in anything that waits.
    func evaluate(_ source: String, cancellation: ShellCancellation) async throws -> ShellResult

    /// Whether `source` is unfinished (an open brace, bracket, paren or string), so the shell
    /// asks for another line with the continuation prompt. Default: `InputScanner`.
    func needsMoreInput(_ source: String) -> Bool

    /// Extra completion candidates for the word that ends at `cursor` (a `Character` offset into
    /// `line`). They are merged with the shell's own sources (`CompletionEngine`). Default: none.
    func completions(line: String, cursor: Int) -> [String]

    /// The session's variables in declaration order, for `.vars` and `$name.field` completion.
    var variables: [(name: String, value: JSON)] { get }

    /// The last HTTP request and response, for `.last`. Default: nil.
    var lastExchange: ShellExchange? { get }

    /// Where commands go, for the banner, the prompt and `.target`.
    var target: ShellTarget { get }

    /// Switches target (`.target local`, `.target https://api.knock.app`). Default: refuses.
    func switchTarget(to spec: String) async throws -> ShellTarget

    /// Starts over with a fresh local environment and no variables (`.reset`). Default: refuses.
    func reset() async throws

    /// The recipe text `.save` writes for one successful statement, or nil to leave it out.
    ///
    /// The hook lets the interpreter keep values captured from responses as variables, e.g.
    /// rewrite a bare command whose `$_` a later statement used into `let _1 = ...`.
    /// Default: the statement as typed.
    func recipeText(for statement: RecordedStatement, in session: [RecordedStatement]) -> String?
}

extension ShellEvaluator {
    public func needsMoreInput(_ source: String) -> Bool { InputScanner.needsMoreInput(source) }
    public func completions(line: String, cursor: Int) -> [String] { [] }
    public var variables: [(name: String, value: JSON)] { [] }
    public var lastExchange: ShellExchange? { nil }
    public func switchTarget(to spec: String) async throws -> ShellTarget {
        throw ShellError("this shell cannot switch targets", hint: "restart knocksh with --api-url")
    }
    public func reset() async throws {
        throw ShellError("this shell cannot reset its environment")
    }
    public func recipeText(for statement: RecordedStatement, in session: [RecordedStatement]) -> String? {
        statement.source
    }
}
