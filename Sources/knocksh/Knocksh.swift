import ArgumentParser

/// The `knocksh` root command. Minimal for now: the shell and runner subcommands are added by
/// their owners; `serve` runs the local engine.
@main
struct Knocksh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knocksh",
        abstract: "A shell, recipe runner and local engine for the Knock API.",
        subcommands: [ServeCommand.self]
    )
}
