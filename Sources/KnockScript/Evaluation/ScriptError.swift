import KnockCore

/// Everything that can stop a script, with where it happened. Commands from other modules throw
/// it too: `ScriptError.api(...)` for a 4xx/5xx answer, `.connection` when the server is
/// unreachable, `.failure` when a wait gives up.
///
/// The kind decides the test outcome: `.failure` fails the test (exit 1), `.skipped` skips it,
/// everything else errors it (exit 2). In `catch $e` the error is a record (see `record`).
///
/// ```swift
/// throw ScriptError.api(status: 404, code: "resource_missing", message: "user not found",
///                       requestID: "req_1", body: json)
/// throw ScriptError.runtime("unknown channel 'smoke'", hint: "channels: email, sms")
/// throw ScriptError.failure("no message for u1 within 5s", notes: ["last seen: ..."])
/// ```
public struct ScriptError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A mistake in the script found while running: wrong type, missing field, unknown command.
        case runtime
        /// A check that did not hold: `expect`, `fail`, `wait` timing out.
        case failure
        /// An error answer from the Knock API.
        case api
        /// The API could not be reached.
        case connection
        /// The test ran past `--timeout`.
        case timeout
        /// Interrupted (Ctrl-C) or stopped by `--fail-fast`.
        case cancelled
        /// `skip "why"`.
        case skipped
        /// The step budget of a bounded run (tests, fuzzing) ran out.
        case budget
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    public var hint: String?
    /// Extra lines after the message: the power-assertion drawing, a diff, what a wait last saw.
    public var notes: [String]
    public var api: APIErrorInfo?

    public init(_ kind: Kind, _ message: String, location: SourceLocation? = nil, hint: String? = nil, notes: [String] = [], api: APIErrorInfo? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
        self.api = api
    }

    public static func runtime(_ message: String, hint: String? = nil, at location: SourceLocation? = nil) -> ScriptError {
        ScriptError(.runtime, message, location: location, hint: hint)
    }

    public static func failure(_ message: String, notes: [String] = [], at location: SourceLocation? = nil) -> ScriptError {
        ScriptError(.failure, message, location: location, notes: notes)
    }

    public static func connection(_ message: String, hint: String? = nil) -> ScriptError {
        ScriptError(.connection, message, hint: hint)
    }

    public static func api(status: Int, code: String?, message: String, requestID: String?, body: JSON? = nil) -> ScriptError {
        let info = APIErrorInfo(status: status, code: code, message: message, requestID: requestID, body: body)
        var text = "API error \(status)"
        if let code { text += " \(code)" }
        text += ": \(message)"
        if let requestID { text += " (request \(requestID))" }
        return ScriptError(.api, text, api: info)
    }

    /// True when the test should count as failed rather than errored.
    public var isFailure: Bool { kind == .failure }

    /// Errors a `try`/`catch` may handle; interruptions and budgets always propagate.
    public var isCatchable: Bool { ![.cancelled, .timeout, .budget, .skipped].contains(kind) }

    /// Adds a location unless one is already known (the innermost place wins).
    public func located(_ location: SourceLocation) -> ScriptError {
        var e = self
        if e.location == nil { e.location = location }
        return e
    }

    /// The record `$e` holds in `catch $e`: kind and message always; the API fields when present.
    public var record: Value {
        var r: Record = ["kind": .string(kind.rawValue), "message": .string(api?.message ?? message)]
        if let api {
            r["status"] = .int(api.status)
            r["code"] = api.code.map { .string($0) } ?? .null
            r["request_id"] = api.requestID.map { .string($0) } ?? .null
            r["body"] = api.body.map { Value(json: $0) } ?? .null
        }
        if let location {
            r["file"] = .string(location.path)
            r["line"] = .int(location.line)
        }
        return .record(r)
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + message
    }

    public var diagnostic: Diagnostic {
        Diagnostic(message, at: location, hint: hint, notes: notes)
    }
}

/// The parts of a Knock API error answer a script can inspect.
public struct APIErrorInfo: Sendable {
    public var status: Int
    public var code: String?
    public var message: String
    public var requestID: String?
    public var body: JSON?

    public init(status: Int, code: String?, message: String, requestID: String?, body: JSON?) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.body = body
    }
}
