/// A Liquid template that could not be parsed or rendered, with the place in the source at fault.
///
/// Knock fails a channel step whose template does not parse or render, so the workflow runtime
/// catches this error and records it on the step (message and position go into the run's log).
///
/// ```swift
/// do {
///     _ = try LiquidTemplate(parsing: "Hi {{ name | nope }}").render(["name": "Ada"])
/// } catch let error as TemplateError {
///     print(error)  // Liquid error (line 1, column 13): unknown filter 'nope'
/// }
/// ```
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the template failed while being parsed or while being rendered.
    public enum Phase: String, Sendable {
        case parse
        case render
    }

    public let phase: Phase
    public let message: String
    /// 1-based line of the tag, output or filter at fault.
    public let line: Int
    /// 1-based column (in characters) of the tag, output or filter at fault.
    public let column: Int

    public init(_ phase: Phase, _ message: String, line: Int, column: Int) {
        self.phase = phase
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ phase: Phase, _ message: String, at position: SourcePosition) {
        self.init(phase, message, line: position.line, column: position.column)
    }

    public var description: String {
        let kind = phase == .parse ? "Liquid syntax error" : "Liquid error"
        return "\(kind) (line \(line), column \(column)): \(message)"
    }
}

/// A 1-based line and column in a template's source.
struct SourcePosition: Sendable, Hashable {
    var line: Int
    var column: Int

    static let start = SourcePosition(line: 1, column: 1)
}

/// Raised by filters and value operations that have no position of their own; the renderer
/// attaches the position of the output or tag being evaluated.
struct LiquidFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
