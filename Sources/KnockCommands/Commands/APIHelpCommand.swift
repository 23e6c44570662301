import KnockAPI
import KnockScript

/// `help`, `help SECTION`, `help SECTION OPERATION`: the catalog's help (`HelpRenderer`) for
/// API commands, the registry's usage lines for everything else. Registered over the builtin
/// `help`, so one command answers for both.
///
/// ```
/// help                      the language's commands, then every API section
/// help users                the users commands with their usage
/// help users identify       usage, method and path, arguments, body fields, options
/// help wait message         usage of a non-catalog command
/// ```
public struct APIHelpCommand: ScriptCommand {
    public let name = ["help"]
    public let summary = "List commands, or show how to use one: help users identify"
    public let usage = "help [SECTION [OPERATION]]"
    let renderer = HelpRenderer()

    public init() {}

    public func run(_ inv: CommandInvocation) throws -> Value {
        let words = inv.arguments.map(\.text)
        let registry = inv.context.registry
        let text: String
        if words.isEmpty {
            let others = registry.all.filter { !($0 is CatalogCommand) || $0.name.count == 1 }
            text = "Script commands:\n" + table(others) + "\n" + renderer.overview()
        } else if let (command, consumed) = registry.lookup(words: words), consumed == words.count {
            if let api = command as? CatalogCommand {
                text = (api.name.count == 1 ? "\(api.name[0]) is \(api.endpoint.id).\n" : "") + renderer.describe(api.endpoint)
            } else {
                text = "usage: \(command.usage)\n  \(command.summary)\n"
            }
        } else if words.count == 1, Catalog.sections.contains(words[0]) {
            text = try renderHelp(words)
        } else {
            let group = registry.commands(startingWith: words)
            if group.isEmpty { text = try renderHelp(words) } else { text = table(group) }
        }
        inv.context.output.write(text)
        return .null
    }

    /// The renderer's answer, or its "no such section, did you mean" as a script error.
    func renderHelp(_ words: [String]) throws -> String {
        do {
            return try renderer.render(Array(words.prefix(2)))
        } catch {
            throw ScriptError.runtime(error.description, hint: "run 'help' to list the commands")
        }
    }

    func table(_ commands: [any ScriptCommand]) -> String {
        let width = min(36, commands.map(\.usage.count).max() ?? 0)
        return commands.map { c in
            "  " + c.usage + String(repeating: " ", count: max(1, width - c.usage.count + 2)) + c.summary + "\n"
        }.joined()
    }
}
