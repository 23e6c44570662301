import KnockScript

/// Where the parts of knocksh meet. The API layer registers its commands in `makeRegistry`;
/// the engine gives each test a fresh environment through `makeLifecycle`.
enum Wiring {
    /// Every command a script can call.
    static func makeRegistry() -> CommandRegistry {
        CommandRegistry.standard()
    }

    /// Hooks around each test (nil: tests share nothing but the registry).
    static func makeLifecycle() -> (any TestLifecycle)? {
        nil
    }
}
