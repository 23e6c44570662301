import KnockCore

/// A long-lived scope for the interactive shell: each input is compiled into the same scope, so
/// variables and functions persist from one line to the next.
///
/// Use a session from one thread (a `ScriptThread` gives it a big stack).
///
/// ```swift
/// let session = ScriptSession(context: ExecutionContext(registry: .standard()))
/// _ = try session.run("let x = 20")
/// try session.run("$x * 2 + 2")          // .int(42): the value of a final expression, for display
/// session.isComplete("if true {")        // false: ask for another line
/// ```
public final class ScriptSession {
    public let context: ExecutionContext
    let compiler: Compiler
    let interpreter: Interpreter
    var inputs = 0

    /// Slots for every variable a session can declare; the frame cannot grow because closures
    /// keep pointing at it.
    static let capacity = 65_536

    public init(context: ExecutionContext, builtins: Builtins = .standard) {
        self.context = context
        compiler = Compiler(builtins: builtins)
        interpreter = Interpreter(context: context)
        interpreter.frame = Frame(count: Self.capacity, parent: nil)
    }

    /// Runs one input. Returns the value of the last statement when it is an expression or a
    /// command (nil otherwise). Throws `ParseErrors` for syntax and check errors, `ScriptError`
    /// for runtime errors and failures.
    @discardableResult
    public func run(_ text: String, path: String? = nil) throws -> Value? {
        inputs += 1
        let file = SourceFile(path: path ?? "<input \(inputs)>", text: text)
        let program = try ScriptLoader.load(source: file, directory: context.workingDirectory)
        var statements = program.statements
        var last: Expr?
        if let final = statements.last, case .expression(let e) = final.kind {
            last = e
            statements.removeLast()
        }
        compiler.errors = []
        let body = compiler.compileStatements(statements, hoistInto: compiler.scope)
        let value = last.map { compiler.compileExpr($0) }
        if !compiler.errors.isEmpty { throw ParseErrors(diagnostics: compiler.errors) }
        guard compiler.scope.function.slotCount <= Self.capacity else {
            throw ScriptError.runtime("too many variables in this session")
        }
        interpreter.recorder = nil
        _ = try body(interpreter)
        return try value?(interpreter)
    }

    /// Whether `text` is a complete input, or the shell should read another line: an open
    /// bracket, an unterminated string, or a trailing `\`, `|` or operator means "more".
    public func isComplete(_ text: String) -> Bool { Self.isCompleteInput(text) }

    /// `isComplete(_:)` without a session (it needs none), for the shell's editor thread.
    public static func isCompleteInput(_ text: String) -> Bool {
        var lexer = Lexer(file: SourceFile(path: "<input>", text: text))
        let tokens = lexer.tokenize()
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .symbol(.lparen), .symbol(.lbracket), .symbol(.lbrace): depth += 1
            case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace): depth -= 1
            case .error(let m, _) where m.hasPrefix("unterminated") || m.hasPrefix("unclosed"): return false
            default: break
            }
        }
        if depth > 0 { return false }
        let trimmed = text.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" })
        if let c = trimmed.first, "\\|+-*/%=<>,".contains(c) { return false }
        return true
    }
}
