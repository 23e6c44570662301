import KnockCore

/// What one evaluated input produced.
///
/// ```swift
/// ShellResult(value: ["id": "u1"])                         // rendered as JSON or a table
/// ShellResult(value: run, boundVariable: "run")            // `let run = ...`: shown, recorded as a capture
/// ShellResult(output: "hello\n")                           // `print "hello"`: text as is
/// ShellResult(recordable: false)                           // `help`: not written by `.save`
/// ```
public struct ShellResult: Sendable {
    /// The value to render, or nil when there is nothing to show (e.g. `let` of nothing, `sleep`).
    public var value: JSON?
    /// Text the statement printed itself (`print`), shown before the value.
    public var output: String
    /// The variable the statement bound (`let run = ...`), so `.save` and completion know it.
    public var boundVariable: String?
    /// Whether `.save` should keep the statement; false for help and other read-only chatter.
    public var recordable: Bool

    public init(value: JSON? = nil, output: String = "", boundVariable: String? = nil, recordable: Bool = true) {
        self.value = value
        self.output = output
        self.boundVariable = boundVariable
        self.recordable = recordable
    }
}

/// An error the shell can show: a message and an optional hint line.
///
/// ```swift
/// struct NotFound: ShellReportableError {
///     var message: String { "users get: 404 user_not_found" }
///     var hint: String? { "list users with `users list`" }
/// }
/// ```
public protocol ShellReportableError: Error {
    var message: String { get }
    var hint: String? { get }
}

/// A plain `ShellReportableError`.
///
/// ```swift
/// throw ShellError("unknown command `usrs`", hint: "did you mean `users`?")
/// ```
public struct ShellError: ShellReportableError, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
    public var description: String { message }
}

/// Thrown by `ShellCancellation.check()` after Ctrl-C.
public struct ShellCancelledError: ShellReportableError {
    public init() {}
    public var message: String { "cancelled" }
    public var hint: String? { nil }
}

/// Where the shell's commands go, as the banner, prompt and `.target` show it. Never holds a key.
///
/// ```swift
/// ShellTarget(name: "local engine", isLocal: true)
/// ShellTarget(name: "https://api.knock.app (development)", isLocal: false)
/// ```
public struct ShellTarget: Sendable, Equatable {
    public var name: String
    public var isLocal: Bool
    public init(name: String, isLocal: Bool) {
        self.name = name
        self.isLocal = isLocal
    }
}

/// One HTTP request and its response, for `.last`. Header values are redacted when shown.
///
/// ```swift
/// ShellExchange(method: "GET", url: "http://127.0.0.1:8080/v1/users/u1",
///               requestHeaders: [("Authorization", "Bearer sk_test_...")],
///               status: 200, responseBody: ["id": "u1"], milliseconds: 3)
/// ```
public struct ShellExchange: Sendable {
    public var method: String
    public var url: String
    public var requestHeaders: [(name: String, value: String)]
    public var requestBody: JSON?
    public var status: Int
    public var responseHeaders: [(name: String, value: String)]
    public var responseBody: JSON?
    public var milliseconds: Double?

    public init(
        method: String, url: String, requestHeaders: [(name: String, value: String)] = [],
        requestBody: JSON? = nil, status: Int, responseHeaders: [(name: String, value: String)] = [],
        responseBody: JSON? = nil, milliseconds: Double? = nil
    ) {
        self.method = method
        self.url = url
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.milliseconds = milliseconds
    }
}
