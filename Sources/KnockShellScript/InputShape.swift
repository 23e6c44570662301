import KnockScript

/// What the evaluator needs to know about an input before running it: the variable a final
/// `let` binds (shown and recorded as a capture), whether it ends in a command (whose `null`,
/// as from `print` or `sleep`, means "nothing to show") and whether it is `help` (not saved).
///
/// ```swift
/// InputShape("let u = users get u1").boundVariable   // "u"
/// InputShape("sleep 1s").endsInCommand               // true
/// InputShape("help users").isHelp                    // true
/// ```
struct InputShape {
    var boundVariable: String?
    var endsInCommand = false
    var isHelp: Bool

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
    }
}
