/// Formats diagnostics the way compilers do:
///
/// ```
/// recipes/a.knock:3:9: error: unexpected bare word 'foo' in an expression
///     3 | let x = foo + 1
///       |         ^^^
///   hint: quote it ("foo") for text, ...
/// ```
///
/// ```swift
/// let text = DiagnosticRenderer(color: false).render(diagnostic)
/// ```
public struct DiagnosticRenderer: Sendable {
    public var color: Bool
    public var label: String

    public init(color: Bool, label: String = "error") {
        self.color = color
        self.label = label
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func render(_ d: Diagnostic, indent: String = "") -> String {
        var out = indent
        if let loc = d.location { out += paint("\(loc):", "1") + " " }
        out += paint("\(label):", label == "error" ? "1;31" : "1;33") + " " + paint(d.message, "1") + "\n"
        if let loc = d.location {
            let source = loc.file.line(loc.line)
            let shown = source.trimmingLeadingWhitespaceCount
            let drawnInNotes = d.notes.contains { $0.trimmedSpaces == source.trimmedSpaces && !source.trimmedSpaces.isEmpty }
            if !drawnInNotes && !source.trimmedSpaces.isEmpty {
                let number = String(loc.line)
                let gutter = String(repeating: " ", count: number.count)
                let text = String(source.dropFirst(shown))
                let column = max(0, loc.column - 1 - shown)
                let width = max(1, min(d.length, max(1, text.count - column)))
                out += indent + "  " + paint("\(number) |", "34") + " " + text + "\n"
                out += indent + "  " + paint("\(gutter) |", "34") + " " + String(repeating: " ", count: column) + paint(String(repeating: "^", count: width), "1;31") + "\n"
            }
        }
        for note in d.notes { out += indent + "  " + note + "\n" }
        if let hint = d.hint { out += indent + "  " + paint("hint:", "36") + " " + hint + "\n" }
        return out
    }
}

extension String {
    var trimmingLeadingWhitespaceCount: Int { prefix(while: { $0 == " " || $0 == "\t" }).count }
    var trimmedSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
