/// A problem to show the user: message, where it happened, and a hint at the fix.
///
/// Rendered by `DiagnosticRenderer` as `file:line:col: error: message`, the source line, a caret
/// under the column and the hint. Parse errors are diagnostics; runtime `ScriptError`s become one.
///
/// ```swift
/// let d = Diagnostic("expected ')'", at: location, hint: "every '(' needs a ')'")
/// print(DiagnosticRenderer(color: false).render(d))
/// ```
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    /// Characters to underline from the column; at least one caret is always drawn.
    public var length: Int
    public var hint: String?
    /// Extra lines printed after the caret: power-assertion drawings, diffs, last values.
    public var notes: [String]

    public init(_ message: String, at location: SourceLocation?, length: Int = 1, hint: String? = nil, notes: [String] = []) {
        self.message = message
        self.location = location
        self.length = length
        self.hint = hint
        self.notes = notes
    }

    public var description: String {
        var s = location.map { "\($0): " } ?? ""
        s += message
        if let hint { s += " (hint: \(hint))" }
        return s
    }
}

/// Every error found in one file, so `knocksh check` can report them all at once.
public struct ParseErrors: Error, Sendable {
    public var diagnostics: [Diagnostic]
}
