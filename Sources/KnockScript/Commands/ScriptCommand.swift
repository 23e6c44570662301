/// A command a script can run by name: `users identify u1 {name: "Ada"}`.
///
/// Commands are stateless and shared by every test; per-test state comes through
/// `invocation.context` (attachments, cancellation, output). Throw `ScriptError` for problems.
///
/// ```swift
/// struct Echo: ScriptCommand {
///     let name = ["echo"]
///     let summary = "Returns its arguments as a list"
///     let usage = "echo ARG..."
///     func run(_ invocation: CommandInvocation) throws -> Value { .list(invocation.arguments) }
/// }
/// registry.register(Echo())
/// ```
public protocol ScriptCommand: Sendable {
    /// The words that name it: `["users", "identify"]`.
    var name: [String] { get }
    /// One line for `help`.
    var summary: String { get }
    /// The synopsis `help NAME` prints, e.g. `users identify USER_ID [BODY]`.
    var usage: String { get }
    func run(_ invocation: CommandInvocation) throws -> Value
}

/// One call of a command: its values, evaluated; the location for errors; the test's context.
public struct CommandInvocation {
    public let name: [String]
    /// Positional arguments after the name; bare words arrive as strings.
    public let arguments: [Value]
    /// `--name value` in order; flags carry `true`. `within 5s` and `every 1s` after a command
    /// arrive as options named "within" and "every".
    public let options: [(name: String, value: Value)]
    /// A trailing `{...}` record literal.
    public let body: Value?
    public let location: SourceLocation
    public let context: ExecutionContext

    public init(name: [String], arguments: [Value], options: [(name: String, value: Value)], body: Value?, location: SourceLocation, context: ExecutionContext) {
        self.name = name
        self.arguments = arguments
        self.options = options
        self.body = body
        self.location = location
        self.context = context
    }

    /// The last value given for `--name` (dashes and underscores are the same).
    public func option(_ name: String) -> Value? {
        func normal(_ s: String) -> String { String(s.map { $0 == "_" ? "-" : $0 }) }
        let want = normal(name)
        return options.last { normal($0.name) == want }?.value
    }

    public func flag(_ name: String) -> Bool { option(name)?.isTruthy ?? false }

    public var displayName: String { name.joined(separator: " ") }

    /// A usage error that names the command and shows its synopsis.
    public func usageError(_ message: String, usage: String) -> ScriptError {
        ScriptError.runtime("\(displayName): \(message)", hint: "usage: \(usage)", at: location)
    }
}

/// A command made from a closure, for small builtins and tests.
///
/// ```swift
/// registry.register(ClosureCommand(["clock", "now"], summary: "The current time") { _ in .string("...") })
/// ```
public struct ClosureCommand: ScriptCommand {
    public let name: [String]
    public let summary: String
    public let usage: String
    let body: @Sendable (CommandInvocation) throws -> Value

    public init(_ name: [String], summary: String, usage: String? = nil, _ body: @escaping @Sendable (CommandInvocation) throws -> Value) {
        self.name = name
        self.summary = summary
        self.usage = usage ?? name.joined(separator: " ")
        self.body = body
    }

    public func run(_ invocation: CommandInvocation) throws -> Value { try body(invocation) }
}
