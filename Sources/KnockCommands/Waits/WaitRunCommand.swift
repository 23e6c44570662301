import KnockAPI
import KnockCore
import KnockScript

/// `wait run RUN_ID [--count N] [--status S] [--workflow KEY] [within DUR]` waits until the
/// workflow's recipient runs for a trigger's `workflow_run_id` (or one recipient run's own id)
/// have finished (`completed` or `cancelled`) and returns them as a list.
///
/// `--count N` waits for N recipient runs (one per recipient triggered; default 1).
/// `--status completed` fails at once when a run ends `cancelled` instead.
///
/// ```
/// let run = workflows trigger welcome {recipients: ["u1", "u2"]}
/// let runs = wait run $run.workflow_run_id --count 2
/// expect ($runs | all $it.status == "completed")
/// ```
public struct WaitRunCommand: ScriptCommand {
    public let name = ["wait", "run"]
    public let summary = "Wait until a trigger's workflow recipient runs finish, and return them"
    public let usage = "wait run RUN_ID [--count N] [--status completed|cancelled] [--workflow KEY] [within DUR]"

    static let finished: Set<String> = ["completed", "cancelled"]

    public init() {}

    public func run(_ inv: CommandInvocation) throws -> Value {
        guard inv.arguments.count == 1 else { throw inv.usageError("expected the run id", usage: usage) }
        let runID = inv.arguments[0].text
        for option in inv.options where !["count", "status", "workflow", "within", "every"].contains(ValueBridge.normal(option.name)) {
            throw inv.usageError("unknown option --\(option.name)", usage: usage)
        }
        let count = try inv.option("count").map { v -> Int in
            guard let n = v.intValue ?? Int(v.text), n >= 1 else { throw inv.usageError("--count expects a positive number", usage: usage) }
            return n
        } ?? 1
        let wanted = inv.option("status")?.text
        if let wanted, !Self.finished.contains(wanted) {
            throw inv.usageError("--status expects completed or cancelled, got \(wanted)", usage: usage)
        }
        var options: [(String, JSON)] = [("--page-size", .int(50))]
        if let workflow = inv.option("workflow") { options.append(("--workflow", .string(workflow.text))) }
        let request = try RequestBuilder.build(Catalog.endpoint("workflow-recipient-runs", "list")!, options: options)
        let timing = try WaitTiming.read(inv)
        let session = try inv.context.apiSession()

        var lastSeen: [JSON] = []
        var poller = Poller(withinMilliseconds: timing.within, everyMilliseconds: timing.every, context: inv.context)
        let found: [JSON]? = try poller.run { _ in
            let all = try session.send(request, all: true, context: inv.context)
            let runs = (all["entries"]?.arrayValue ?? all["items"]?.arrayValue ?? [])
                .filter { $0["workflow_run_id"]?.stringValue == runID || $0["id"]?.stringValue == runID }
            lastSeen = runs
            if let wanted, let bad = runs.first(where: { Self.finished.contains($0["status"]?.stringValue ?? "") && $0["status"]?.stringValue != wanted }) {
                throw ScriptError.failure(
                    "wait run: recipient run \(bad["id"]?.stringValue ?? "?") ended \(bad["status"]?.stringValue ?? "?"), not \(wanted)",
                    notes: runs.map(Self.describe), at: inv.location)
            }
            let done = runs.filter { Self.finished.contains($0["status"]?.stringValue ?? "") }
            return runs.count >= count && done.count == runs.count ? runs : nil
        }
        if let found { return .list(found.map(Value.init(json:))) }
        var notes = ["waited \(KnockDuration(milliseconds: timing.within)) (\(poller.attempts) polls) for \(count) finished recipient run\(count == 1 ? "" : "s") of \(runID)"]
        notes += lastSeen.isEmpty ? ["no recipient runs with that id were seen"] : lastSeen.map(Self.describe)
        throw ScriptError.failure("wait run: \(runID) did not finish within \(KnockDuration(milliseconds: timing.within))", notes: notes, at: inv.location)
    }

    static func describe(_ run: JSON) -> String {
        let recipient = run["recipient"]?.stringValue ?? run["recipient"]?["id"]?.stringValue ?? "?"
        var line = "recipient run \(run["id"]?.stringValue ?? "?") for \(recipient): \(run["status"]?.stringValue ?? "?")"
        if let errors = run["error_count"]?.intValue, errors > 0 { line += ", \(errors) error\(errors == 1 ? "" : "s")" }
        return line
    }
}
