import Foundation
import KnockCore
@testable import KnockEngine

/// An engine over a database file that a test can close and open again (a server restart):
/// each `open()` is a new `Engine` over the same file and the same workflows directory. Wall
/// time is a value the test sets, so "the server was down three hours" is one assignment.
final class RestartHarness: @unchecked Sendable {
    static let start = RuntimeHarness.start
    let directory: URL
    var dbPath: String { directory.appendingPathComponent("engine.db").path }
    var workflowsPath: String { directory.appendingPathComponent("workflows").path }
    private let wallBox = NSLock()
    private var wallValue = RestartHarness.start
    var wall: Date {
        get { wallBox.withLock { wallValue } }
        set { wallBox.withLock { wallValue = newValue } }
    }
    private(set) var envID: String?

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("knocksh-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: workflowsPath, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `workflows/<key>/workflow.json` (the Knock CLI layout the engine loads).
    func workflow(_ key: String, steps: [JSON]) throws {
        let dir = URL(fileURLWithPath: workflowsPath).appendingPathComponent(key)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let json: JSON = ["name": .string(key), "steps": .array(steps)]
        try Data(json.serialized().utf8).write(to: dir.appendingPathComponent("workflow.json"))
    }

    struct Opened {
        let engine: Engine
        let env: Environment
        var runtime: WorkflowRuntime { engine.runtime(env) }

        func runs(_ workflow: String) -> [JSON] {
            var q = RecipientRunQuery()
            q.workflow = workflow
            return runtime.recipientRuns(q, page: PageRequest(pageSize: 50)).entries
        }

        func messages(_ workflow: String? = nil) -> [JSON] {
            var q = MessageQuery()
            q.source = workflow
            return runtime.listMessages(q)
        }

        func rendered(_ message: JSON) -> JSON? {
            runtime.messageContent(id: message["id"]?.stringValue ?? "")?["data"]
        }
    }

    /// Opens the engine (the first call creates the environment and a user `u1`).
    func open(missedSchedules: MissedSchedules = .skip) throws -> Opened {
        let engine = try Engine(configuration: .init(databasePath: dbPath, workflowsDirectory: workflowsPath, processBulkOperations: false,
                                                     missedSchedules: missedSchedules, wallClock: { [self] in wall }))
        if let envID, let env = engine.environments.find(id: envID) { return Opened(engine: engine, env: env) }
        let env = try engine.environments.create(name: "restart")
        envID = env.id
        for id in ["u1", "u2", "u3"] {
            _ = try engine.identifyUser(env, id: id, body: ["name": .string(id.uppercased()), "email": .string("\(id)@example.com")])
        }
        return Opened(engine: engine, env: env)
    }

    /// Stops an engine as `serve` does on SIGTERM.
    func close(_ opened: Opened) { opened.engine.shutdown() }
}
