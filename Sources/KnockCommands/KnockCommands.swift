import KnockAPI
import KnockScript

/// Installs the Knock API into a script registry: one command per catalog endpoint
/// (`users identify`, `messages delivery-logs`, `clock advance`, ...), `outbox` as a short name
/// for `outbox list`, the raw `http` command, the waits, and a `help` that reads the catalog.
///
/// Commands find their API session on the test's context (`context.apiSession()`); a
/// `TargetLifecycle` hangs one there for each test.
///
/// ```swift
/// let registry = CommandRegistry.standard()
/// KnockCommands.register(into: registry)
/// let runner = Runner(registry: registry, lifecycle: TargetLifecycle(target: target), options: options)
/// ```
public enum KnockCommands {
    public static func register(into registry: CommandRegistry) {
        for endpoint in Catalog.endpoints {
            registry.register(CatalogCommand(endpoint))
        }
        registry.register(CatalogCommand(Catalog.endpoint("outbox", "list")!, name: ["outbox"]))
        registry.register(HTTPCommand())
        registry.register(WaitMessageCommand(plural: false))
        registry.register(WaitMessageCommand(plural: true))
        registry.register(WaitRunCommand())
        registry.register(APIHelpCommand())
    }

    /// A standard registry with the API installed.
    public static func registry() -> CommandRegistry {
        let registry = CommandRegistry.standard()
        register(into: registry)
        return registry
    }
}
