import KnockCore

/// One input of the session as `.save` sees it.
///
/// ```swift
/// RecordedStatement(source: "let u = users get u1", succeeded: true, boundVariable: "u", value: ["id": "u1"])
/// ```
public struct RecordedStatement: Sendable, Equatable {
    /// The input as typed (several lines for a multi-line record), or a loaded file's text.
    public var source: String
    public var succeeded: Bool
    /// The variable it bound, if any (`let u = ...`).
    public var boundVariable: String?
    /// Where it came from when not typed, e.g. `.load lib/setup.knock`.
    public var origin: String?
    /// What it produced (a response, for an API command), so `.save` can turn ids that later
    /// statements repeat literally into reads of a variable.
    public var value: JSON?
    /// Its position in the session, set by `SessionRecording.append`.
    public internal(set) var index = 0

    public init(source: String, succeeded: Bool, boundVariable: String? = nil, origin: String? = nil, value: JSON? = nil) {
        self.source = source
        self.succeeded = succeeded
        self.boundVariable = boundVariable
        self.origin = origin
        self.value = value
    }
}
