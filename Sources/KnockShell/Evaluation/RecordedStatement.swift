/// One input of the session as `.save` sees it.
///
/// ```swift
/// RecordedStatement(source: "let u = users get u1", succeeded: true, boundVariable: "u")
/// ```
public struct RecordedStatement: Sendable, Equatable {
    /// The input as typed (several lines for a multi-line record), or a loaded file's text.
    public var source: String
    public var succeeded: Bool
    /// The variable it bound, if any (`let u = ...`).
    public var boundVariable: String?
    /// Where it came from when not typed, e.g. `.load lib/setup.knock`.
    public var origin: String?

    public init(source: String, succeeded: Bool, boundVariable: String? = nil, origin: String? = nil) {
        self.source = source
        self.succeeded = succeeded
        self.boundVariable = boundVariable
        self.origin = origin
    }
}
