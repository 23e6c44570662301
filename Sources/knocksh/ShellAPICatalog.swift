import KnockAPI
import KnockCommands
import KnockScript
import KnockShell
import KnockShellScript

/// Completion's catalog for the shell: the registry's command words (`users ge<TAB>` → `get`),
/// and for API commands the options of their endpoint, which the one-line usage only sums up
/// as `[--option VALUE]` (`users list --pa<TAB>` → `--page-size`).
///
/// A workflow `KEY` argument completes to the keys the target knows (`workflows trigger we<TAB>`),
/// a channel argument to the embedded engine's channel keys (`channels fail-next`) or ids
/// (`feeds get USER <TAB>`).
///
/// ```swift
/// let catalog = ShellAPICatalog(registry: Wiring.makeRegistry(), workflowKeys: { ["welcome"] })
/// catalog.options(section: "users", operation: "list")   // ["--after", "--all", "--before", ...]
/// catalog.argumentValues(section: "workflows", operation: "trigger", position: 0)   // ["welcome"]
/// ```
struct ShellAPICatalog: ShellCommandCatalog {
    let commands: RegistryCatalog
    /// Asked on each TAB, so a `.target` switch changes the answer.
    let workflowKeys: @Sendable () -> [String]
    /// Channel keys (`false`) or ids (`true`), also asked on each TAB.
    let channelRefs: @Sendable (_ ids: Bool) -> [String]

    init(registry: CommandRegistry, workflowKeys: @escaping @Sendable () -> [String] = { [] },
         channelRefs: @escaping @Sendable (_ ids: Bool) -> [String] = { _ in [] }) {
        commands = RegistryCatalog(registry: registry)
        self.workflowKeys = workflowKeys
        self.channelRefs = channelRefs
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

    func argumentValues(section: String, operation: String, position: Int) -> [String] {
        guard let api = commands.registry.lookup(words: [section, operation])?.command as? CatalogCommand,
              api.endpoint.pathParameters.indices.contains(position) else { return [] }
        switch api.endpoint.pathParameters[position] {
        case "key" where section == "workflows": return workflowKeys()
        case "channel_id": return channelRefs(api.endpoint.scope != .localEngine)
        default: return []
        }
    }
}
