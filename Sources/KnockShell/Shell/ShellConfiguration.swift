import Foundation

/// Everything about a shell that is not the evaluator: prompts, history, redaction, catalog.
///
/// ```swift
/// var config = ShellConfiguration.fromEnvironment(catalog: APICatalog())
/// config.redactor = ClosureRedactor { Redactor.standard.redact($0) }   // KnockAPI's fuller one
/// config.programName = "knocksh"
/// ```
public struct ShellConfiguration: Sendable {
    public var programName = "knocksh"
    public var prompt = "knock> "
    /// Same width as `prompt`, so continued lines line up.
    public var continuationPrompt = "  ...> "
    /// nil turns persistent history off.
    public var historyPath: String?
    public var historyLimit = 1000
    public var redactor: any SecretRedacting = BasicSecretRedactor()
    public var catalog: any ShellCommandCatalog = StaticCommandCatalog([:])
    public var keywords: [String] = ShellKeywords.language
    public var environment: [String: String] = [:]
    public var format: OutputFormat = .table
    /// Off in unit tests, which must not take over the test process's signals.
    public var handlesSignals = true

    public init() {}

    /// History in the user's state directory (or `KNOCKSH_HISTORY`), the real environment.
    public static func fromEnvironment(
        catalog: any ShellCommandCatalog,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ShellConfiguration {
        var c = ShellConfiguration()
        c.catalog = catalog
        c.environment = environment
        c.historyPath = HistoryLocation.path(environment: environment)
        return c
    }
}
