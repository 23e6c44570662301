import Foundation

/// The session as `.save` writes it: successful statements, in order, as a runnable recipe.
///
/// ```swift
/// var recording = SessionRecording()
/// recording.append(RecordedStatement(source: "let u = users get u1", succeeded: true, boundVariable: "u"))
/// recording.append(RecordedStatement(source: "usrs list", succeeded: false))
/// let text = recording.recipe(target: "local engine", file: "s.knock", statementText: { s, _ in s.source })
/// // # Recorded with knocksh ... \n let u = users get u1
/// ```
public struct SessionRecording: Sendable {
    public private(set) var statements: [RecordedStatement] = []

    public init() {}

    public mutating func append(_ s: RecordedStatement) {
        var s = s
        s.index = statements.count
        statements.append(s)
    }
    public mutating func removeAll() { statements.removeAll() }

    public var successfulCount: Int { statements.filter(\.succeeded).count }

    /// The recipe text: a header comment, then each successful statement as `statementText` renders
    /// it (nil drops it). Failed statements are left out.
    public func recipe(
        target: String, file: String, date: Date = Date(),
        statementText: (RecordedStatement, [RecordedStatement]) -> String?
    ) -> String {
        let stamp = ISO8601DateFormatter().string(from: date)
        var lines = [
            "# Recorded from a knocksh shell session on \(stamp) (target: \(target)).",
            "# Failed statements were left out. Run it with: knocksh run \(file)",
            "",
        ]
        for s in statements where s.succeeded {
            guard let text = statementText(s, statements) else { continue }
            if let origin = s.origin { lines.append("# \(origin)") }
            lines.append(text.trimmingTrailingWhitespace())
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
