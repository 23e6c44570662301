/// Hooks around every test, for the CLI to give each test its own world: a fresh local-engine
/// environment, an API client bound to it, per-test commands.
///
/// `beforeTest` runs on the test's thread before any of its code; it may replace
/// `context.registry` and attach services. `afterTest` always runs, even when the test failed.
///
/// ```swift
/// struct FreshEnvironment: TestLifecycle {
///     func beforeTest(_ test: TestCase, context: ExecutionContext) throws {
///         context.attach(try engine.makeEnvironment(name: test.id))
///     }
///     func afterTest(_ test: TestCase, context: ExecutionContext, status: TestStatus) {
///         context.attachment(Environment.self)?.delete()
///     }
/// }
/// ```
public protocol TestLifecycle: Sendable {
    func beforeTest(_ test: TestCase, context: ExecutionContext) throws
    func afterTest(_ test: TestCase, context: ExecutionContext, status: TestStatus)
}
