import ArgumentParser
import Foundation
import KnockAPI
import KnockEngine
import KnockServer

/// `knocksh serve`: runs the local Knock engine until SIGINT or SIGTERM.
///
/// ```
/// knocksh serve --port 0 --db /tmp/knock.db --secret-key sk_test_local
/// knocksh engine listening on http://127.0.0.1:53117
/// secret key:      (from --secret-key)
/// publishable key: pk_test_…   (generated: shown once)
/// ```
// Synchronous like the root command (whose start-up stays free of the concurrency runtime);
// the async server runs inside `Blocking.run` off the main thread's stack.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the local Knock engine (a Knock-compatible API on loopback).",
        discussion: """
            --workflows DIR loads workflow definitions in the Knock CLI layout (workflows/<key>/workflow.json).

            With --db, paused runs, open batches, throttle windows, held deliveries, the clock and \
            idempotency keys are saved too: a restart goes on where the server stopped.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port.")
    var port = 4000

    @Option(name: .customLong("db"), help: ArgumentHelp("SQLite database file (WAL; survives restarts). Omitted: in memory.", valueName: "FILE"))
    var database: String?

    // `--workflows DIR` and `--rate-limits` are declared once, in EngineOptions, which the root
    // command parses too (inside SharedOptions): a copy declared here alone was left empty, as
    // the root took the option. Serve shows the group; the script-only options stay the root's.
    @OptionGroup(title: "Engine") var engine: EngineOptions

    @Option(help: ArgumentHelp("""
        Schedule occurrences that came due while the --db file was closed: skip (default) moves each schedule on to its \
        next occurrence after now; fire sends every missed one at start, oldest first. Knock never stops, so firing \
        is the faithful catch-up; skip is the default because a long stop would otherwise flood (a week of an hourly \
        schedule is 168 triggers per recipient) and late occurrences cannot carry their own times (the clock never goes back).
        """, valueName: "fire|skip"))
    var missedSchedules: MissedSchedules = .skip
    var workflows: String? { engine.workflows }

    @Option(help: "Secret key of the default environment (generated when omitted).")
    var secretKey: String?

    @Option(help: "Publishable key of the default environment (generated when omitted).")
    var publishableKey: String?

    @Option(help: "Token required by the /_admin API; without it the admin API answers only on a loopback bind.")
    var adminToken: String?

    var rateLimits: Bool { engine.rateLimits }

    func run() throws {
        let options = self
        try Blocking.run { try await options.serve() }
    }

    func serve() async throws {
        // Signals are handled here, not by the default disposition, so shutdown is graceful.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        var configuration = LocalEngineServer.Configuration(
            host: host, port: port, databasePath: database, workflowsDirectory: workflows,
            secretKey: secretKey, publishableKey: publishableKey, adminToken: adminToken, enforceRateLimits: rateLimits)
        configuration.missedSchedules = missedSchedules
        let server = try await LocalEngineServer.start(configuration)
        let env = server.defaultEnvironment
        // Written unbuffered: scripts wait for the "listening" line on a pipe.
        // A key given on the command line is not echoed (it may come from a secret store); a
        // generated one is shown once, as nothing else could tell the user what it is.
        let banner = """
            knocksh engine listening on \(server.baseURL)
            secret key:      \(secretKey == nil ? env.secretKey : "(from --secret-key)")
            publishable key: \(publishableKey == nil ? env.publishableKey : "(from --publishable-key)")
            database:        \(database ?? "in memory")

            """
        FileHandle.standardOutput.write(Data(banner.utf8))
        // A bad workflow file is reported with its path and field; the others loaded.
        for problem in server.engine.runtimes.diagnostics {
            FileHandle.standardError.write(Data("knocksh: \(problem)\n".utf8))
        }
        let stop = AsyncStream<Void> { continuation in
            nonisolated(unsafe) let sources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { continuation.yield(); continuation.finish() }
                source.resume()
                return source
            }
            continuation.onTermination = { _ in sources.forEach { $0.cancel() } }
        }
        for await _ in stop { break }
        await server.shutdown()
        FileHandle.standardOutput.write(Data("knocksh engine stopped\n".utf8))
    }
}

extension MissedSchedules: ExpressibleByArgument {}
