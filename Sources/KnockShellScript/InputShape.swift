import KnockScript

/// What the evaluator needs to know about an input before running it: the variable a final
/// `let` binds (shown and recorded as a capture), whether it ends in a command (whose `null`,
/// as from `print` or `sleep`, means "nothing to show") and whether it is `help` (not saved).
///
/// ```swift
/// InputShape("let u = users get u1").boundVariable   // "u"
/// InputShape("sleep 1s").endsInCommand               // true
/// InputShape("help users").isHelp                    // true
/// InputShape("let u = users get u1").isOneCommand     // true: its value is a response
/// ```
struct InputShape {
    var boundVariable: String?
    var endsInCommand = false
    var isHelp: Bool
    /// One statement whose value comes from a command (`users get u1`, `let u = users get u1`,
    /// `users list | map id`): what `.save` treats as a response it may name.
    var isOneCommand = false

    init(_ source: String) {
        let trimmed = source.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" })
        isHelp = trimmed == "help" || trimmed.hasPrefix("help ")
        // Syntax errors are reported by the run itself; here they only mean "no binding".
        let program = try? ScriptLoader.load(source: SourceFile(path: "<input>", text: source), directory: ".")
        if let last = program?.statements.last, case .let(let name, _) = last.kind {
            boundVariable = name
        } else {
            boundVariable = nil
        }
        if let last = program?.statements.last, case .expression(let e) = last.kind, case .command = e.kind {
            endsInCommand = true
        }
        if let statements = program?.statements, statements.count == 1 {
            switch statements[0].kind {
            case .expression(let e), .let(_, let e): isOneCommand = Self.startsWithCommand(e)
            default: break
            }
        }
    }

    private static func startsWithCommand(_ e: Expr) -> Bool {
        switch e.kind {
        case .command: return true
        case .pipe(let input, _): return startsWithCommand(input)
        default: return false
        }
    }
}
