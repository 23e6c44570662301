import KnockScript
import KnockShell

/// Completion's view of a `CommandRegistry`: the first word of every registered command is a
/// section (`users`, `sleep`), the second word an operation (`users get`), and the options are
/// the `--names` its usage line mentions.
///
/// It reads the registry on every call, so commands registered later (the API layer's, once
/// wired) complete without further work.
///
/// ```swift
/// let catalog = RegistryCatalog(registry: registry)
/// catalog.sections                                    // ["fail", "help", "print", ..., "users"]
/// catalog.operations(in: "users")                      // ["get", "identify", "list"]
/// catalog.options(section: "users", operation: "list") // ["--page-size", ...] from its usage
/// ```
public struct RegistryCatalog: ShellCommandCatalog {
    public let registry: CommandRegistry

    public init(registry: CommandRegistry) { self.registry = registry }

    public var sections: [String] {
        Self.unique(registry.all.compactMap(\.name.first))
    }

    public func operations(in section: String) -> [String] {
        Self.unique(registry.commands(startingWith: [section]).compactMap { $0.name.count > 1 ? $0.name[1] : nil })
    }

    public func options(section: String, operation: String) -> [String] {
        // The two-word command if there is one, else the one-word command (`sleep 5s --x`).
        let command = registry.lookup(words: [section, operation])?.command
        guard let usage = command?.usage else { return [] }
        return Self.unique(Self.optionNames(in: usage))
    }

    /// `--page-size`, `--after` from `users list [--page-size N] [--after CURSOR]`.
    static func optionNames(in usage: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inOption = false
        var previous: Character = " "
        for c in usage + " " {
            if inOption {
                if c.isLetter || c.isNumber || c == "-" || c == "_" {
                    current.append(c)
                } else {
                    if current.count > 2 { out.append(current) }
                    inOption = false
                }
            } else if c == "-" && (previous == " " || previous == "[" || previous == "|" || previous == "(") {
                inOption = true
                current = "-"
            }
            previous = c
        }
        return out.filter { $0.hasPrefix("--") }
    }

    static func unique(_ words: [String]) -> [String] {
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }.sorted()
    }
}
