import KnockAPI
import KnockCommands
import KnockScript
import KnockShell
import KnockShellScript

/// Completion's catalog for the shell: the registry's command words (`users ge<TAB>` → `get`),
/// and for API commands the options of their endpoint, which the one-line usage only sums up
/// as `[--option VALUE]` (`users list --pa<TAB>` → `--page-size`).
///
/// ```swift
/// let catalog = ShellAPICatalog(registry: Wiring.makeRegistry())
/// catalog.options(section: "users", operation: "list")   // ["--after", "--all", "--before", ...]
/// ```
struct ShellAPICatalog: ShellCommandCatalog {
    let commands: RegistryCatalog

    init(registry: CommandRegistry) {
        commands = RegistryCatalog(registry: registry)
    }

    var sections: [String] { commands.sections }

    func operations(in section: String) -> [String] { commands.operations(in: section) }

    func options(section: String, operation: String) -> [String] {
        var names = commands.options(section: section, operation: operation).filter { $0 != "--option" }
        if let api = commands.registry.lookup(words: [section, operation])?.command as? CatalogCommand {
            names += api.endpoint.parameters.filter { !$0.positional }.map(\.optionName)
            if api.endpoint.isPaginated { names.append("--all") }
        }
        return Array(Set(names)).sorted()
    }

}
