import KnockScript
import KnockShell

/// A script error or a syntax error, in the form the shell shows: the message, the offending
/// source line with a caret under the spot, any notes (power-assertion drawings, diffs), and the
/// hint on its own line.
///
/// The shell has no file name to show, so unlike `DiagnosticRenderer` there is no
/// `file:line:col` prefix; the line number appears only when the input spans several lines.
///
/// ```swift
/// catch { throw ScriptProblem(error) }
/// // error: unknown variable $y
/// //   | print $y
/// //   |       ^^
/// // hint: variables so far: $x
/// ```
public struct ScriptProblem: ShellReportableError, Sendable, CustomStringConvertible {
    public let message: String
    public let hint: String?
    /// The `ScriptError` kind when it came from one (nil for syntax errors).
    public let kind: ScriptError.Kind?

    public init(message: String, hint: String? = nil, kind: ScriptError.Kind? = nil) {
        self.message = message
        self.hint = hint
        self.kind = kind
    }

    /// Maps whatever a session threw; unknown errors keep their description.
    public init(_ error: any Error) {
        if let e = error as? ScriptError {
            self.init(diagnostics: [e.diagnostic], kind: e.kind)
        } else if let e = error as? ParseErrors {
            self.init(diagnostics: e.diagnostics, kind: nil)
        } else if let d = error as? Diagnostic {
            self.init(diagnostics: [d], kind: nil)
        } else {
            self.init(message: String(describing: error))
        }
    }

    init(diagnostics: [Diagnostic], kind: ScriptError.Kind?) {
        // Several syntax errors: each keeps its own snippet and hint; the last hint goes on the
        // shell's hint line so it stays next to the prompt.
        var parts: [String] = []
        for (i, d) in diagnostics.enumerated() {
            var text = d.message + Self.snippet(d)
            for note in d.notes { text += "\n  " + note }
            if let hint = d.hint, i < diagnostics.count - 1 { text += "\n  hint: " + hint }
            parts.append(text)
        }
        self.init(message: parts.joined(separator: "\n"), hint: diagnostics.last?.hint, kind: kind)
    }

    /// The source line and a caret line under the column, or "" without a location.
    static func snippet(_ d: Diagnostic) -> String {
        guard let loc = d.location else { return "" }
        let source = loc.file.line(loc.line)
        guard !source.allSatisfy({ $0 == " " || $0 == "\t" }) else { return "" }
        let multiLine = loc.file.text.contains("\n")
        let gutter = multiLine ? "\(loc.line) | " : "| "
        let blank = String(repeating: " ", count: gutter.count - 2) + "| "
        let column = max(0, loc.column - 1)
        let width = max(1, min(d.length, max(1, source.count - column)))
        return "\n  " + gutter + source + "\n  " + blank + String(repeating: " ", count: column) + String(repeating: "^", count: width)
    }

    public var description: String { message }
}
