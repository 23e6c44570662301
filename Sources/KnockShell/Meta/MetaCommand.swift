/// A shell command that starts with a dot (`.help`, `.save FILE`): about the session, not the API.
///
/// Commands dispatch through a table (`MetaCommand.builtins`), so `knocksh` can add its own:
///
/// ```swift
/// shell.metaCommands.append(MetaCommand(".env", usage: ".env", summary: "Show the environment name") { shell, _ in
///     shell.say(myEnvironmentName)
///     return .continue
/// })
/// ```
public struct MetaCommand: Sendable {
    public enum Outcome: Sendable { case `continue`, quit }

    public var name: String
    public var aliases: [String]
    public var usage: String
    public var summary: String
    /// Gets the shell and the text after the name (trimmed). Thrown errors are shown with their hint.
    public var run: @Sendable (Shell, String) async throws -> Outcome

    public init(_ name: String, aliases: [String] = [], usage: String, summary: String,
                run: @escaping @Sendable (Shell, String) async throws -> Outcome) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.run = run
    }

    /// Splits `.save out.knock` into the command and its argument text.
    public static func split(_ line: String) -> (name: String, argument: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(where: \.isWhitespace) else { return (trimmed, "") }
        let argument = trimmed[space...].trimmingCharacters(in: .whitespaces)
        return (String(trimmed[..<space]), argument)
    }

    /// A file argument with optional surrounding quotes removed.
    public static func path(_ argument: String) -> String {
        var a = Substring(argument)
        if a.count >= 2, let f = a.first, f == a.last, f == "\"" || f == "'" { a = a.dropFirst().dropLast() }
        return String(a)
    }
}

extension Array where Element == MetaCommand {
    /// The command named `name` (or one of its aliases).
    public func named(_ name: String) -> MetaCommand? {
        first { $0.name == name || $0.aliases.contains(name) }
    }
}
