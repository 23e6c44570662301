import ArgumentParser
import KnockCommands
import KnockCore
import KnockScript

/// `knocksh run PATH...`: recipes as tests, in parallel, with reports and exit codes.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run .knock recipes as tests (directories are searched recursively).",
        discussion: """
            Each test runs against a fresh environment of the embedded Knock engine, or with --api-url \
            against a real Knock environment (key in KNOCK_API_KEY). Secrets are redacted in every report.
            Exit codes: 0 all passed, 1 a test failed, 2 an error (parse, runtime, API, connection), \
            64 bad usage (including a production environment without --allow-production).
            """
    )

    @Argument(help: ArgumentHelp("Files and directories of .knock recipes.", valueName: "PATH"))
    var paths: [String]

    @Option(name: [.customShort("j", allowingJoined: true), .long], help: "Tests to run at once (default: the number of cores).")
    var jobs: Int = Runner.defaultJobs

    @Option(help: ArgumentHelp("Run only shard I of N (1-based), a deterministic partition of the tests.", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Run only tests whose name (or file::name) matches REGEX.", valueName: "REGEX"))
    var filter: String?

    @Flag(help: "Stop starting tests after the first failure or error.")
    var failFast = false

    @Option(help: ArgumentHelp("Per-test time limit, e.g. 30s or 2m.", valueName: "DURATION"))
    var timeout: String?

    @Option(help: ArgumentHelp("Write a JUnit XML report to FILE.", valueName: "FILE"))
    var junit: String?

    @Flag(help: "Print TAP version 13 instead of the console report.")
    var tap = false

    @Flag(help: "Print JSON lines events instead of the console report.")
    var json = false

    @OptionGroup var shared: SharedOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or directory") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if tap && json { throw ValidationError("choose one of --tap and --json") }
        _ = try parsedShard()
        if let timeout, KnockDuration(parsing: timeout) == nil {
            throw ValidationError("--timeout expects a duration like 30s or 2m, got '\(timeout)'")
        }
        if let filter, (try? Regex(filter)) == nil {
            throw ValidationError("--filter is not a valid regular expression: '\(filter)'")
        }
    }

    func parsedShard() throws -> (Int, Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else {
            throw ValidationError("--shard expects I/N with 1 <= I <= N, got '\(shard)'")
        }
        return (i, n)
    }

    func run() throws {
        var options = RunOptions()
        options.jobs = jobs
        options.shard = try parsedShard()
        options.filter = filter
        options.failFast = failFast
        options.timeout = timeout.flatMap(KnockDuration.init(parsing:))
        options.variables = try shared.parsedVariables()

        let target: any KnockTarget
        do {
            target = try Wiring.makeTarget(shared, recipePath: paths[0])
        } catch {
            Console.writeStderr("knocksh run: \(error)\n")
            throw ExitCode(ExitStatus.usage)
        }
        defer { target.shutdown() }
        // Every report goes through the run's secrets: the API key, each test environment's keys.
        let secrets = target.secrets
        let stdout: (String) -> Void = { Console.writeStdout(secrets.redact($0)) }
        var reporters: [any TestReporter] = []
        if tap {
            reporters.append(TAPReporter(write: stdout))
        } else if json {
            reporters.append(JSONLinesReporter(write: stdout))
        } else {
            reporters.append(ConsoleReporter(color: shared.colorForStdout, write: stdout))
        }
        if let junit { reporters.append(JUnitReporter(path: junit, filter: secrets.redact)) }
        if Environment.get("GITHUB_ACTIONS") == "true" { reporters.append(GitHubAnnotationsReporter(write: stdout)) }

        Interrupt.install()
        let runner = Runner(registry: Wiring.makeRegistry(), lifecycle: Wiring.makeLifecycle(target), options: options)
        let summary: RunSummary
        do {
            summary = try runner.run(paths: paths, reporters: reporters)
        } catch {
            Console.writeStderr("knocksh run: \(secrets.redact("\(error)"))\n")
            throw ExitCode(ExitStatus.error)
        }
        if Interrupt.requested { throw ExitCode(130) }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}
