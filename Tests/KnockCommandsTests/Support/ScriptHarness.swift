import Foundation
import KnockAPI
import KnockCommands
import KnockCore
import KnockScript

/// Runs a script in-process with the API commands installed and a session on `baseURL`, the
/// way one test of `knocksh run` does, and returns what it printed and how it ended.
struct APIScriptRun: @unchecked Sendable {
    var output: String
    var status: TestStatus
    var error: ScriptError?
    var seconds: Double
}

/// Runs blocking work on a thread of its own and awaits it. The commands block their thread on
/// async HTTP calls (`Blocking.run`), which need the cooperative pool; a test that blocked a pool
/// thread itself could starve it on a two-core machine.
func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}

func runAPIScript(_ text: String, baseURL: String, local: Bool = true, deadlineMilliseconds: Int? = nil) async -> APIScriptRun {
    await offPool { runAPIScriptBlocking(text, baseURL: baseURL, local: local, deadlineMilliseconds: deadlineMilliseconds) }
}

func runAPIScript(_ text: String, session: APISession?, deadlineMilliseconds: Int? = nil) async -> APIScriptRun {
    let box = UncheckedBox(session)
    return await offPool { runAPIScriptBlocking(text, session: box.value, deadlineMilliseconds: deadlineMilliseconds) }
}

struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

func runAPIScriptBlocking(_ text: String, baseURL: String, local: Bool = true, deadlineMilliseconds: Int? = nil) -> APIScriptRun {
    let client = KnockClient(configuration: {
        var c = KnockClientConfiguration(baseURL: baseURL, apiKey: "sk_test_fake_0123456789", isLocalEngine: local)
        c.retry.maxAttempts = 1
        c.requestTimeout = .seconds(5)
        return c
    }())
    defer { try? client.syncShutdown() }
    return runAPIScriptBlocking(text, session: APISession(client: client, environmentID: local ? "env_1" : nil), deadlineMilliseconds: deadlineMilliseconds)
}

func runAPIScriptBlocking(_ text: String, session: APISession?, deadlineMilliseconds: Int? = nil) -> APIScriptRun {
    let program: Program
    do {
        program = try ScriptLoader.load(source: SourceFile(path: "test.knock", text: text), directory: ".")
        _ = try Compiler.compile(program, commands: KnockCommands.registry())
    } catch {
        return APIScriptRun(output: "", status: .errored, error: ScriptError.runtime("\(error.diagnostics)"), seconds: 0)
    }
    let registry = KnockCommands.registry()
    return ScriptThread.run {
        let output = BufferedOutput()
        let context = ExecutionContext(registry: registry, output: output)
        if let session { context.attach(SessionSlot(session: session)) }
        if let ms = deadlineMilliseconds {
            context.cancellation.deadline = MonotonicClock.nanoseconds() + UInt64(ms) * 1_000_000
        }
        let start = MonotonicClock.nanoseconds()
        let module = try! Compiler.compile(program)
        let (status, error) = module.run(test: 0, context: context)
        return APIScriptRun(output: output.text, status: status, error: error, seconds: MonotonicClock.seconds(since: start))
    }
}

/// A Knock message as the fake server answers it.
func message(_ id: String, status: String, recipient: String = "u1", workflow: String = "welcome",
             channelType: String = "email", runID: String = "run_1", insertedAt: String = "2025-01-01T00:00:00Z") -> JSON {
    [
        "__typename": "Message", "id": .string(id), "status": .string(status), "recipient": .string(recipient),
        "channel_id": .string("ch_\(channelType)"), "channel": ["id": .string("ch_\(channelType)"), "type": .string(channelType)],
        "source": ["key": .string(workflow), "workflow_run_id": .string(runID)], "engagement_statuses": [],
        "inserted_at": .string(insertedAt), "tenant": nil,
    ]
}

func page(_ items: [JSON], key: String = "items", after: String? = nil) -> JSON {
    [key: .array(items), "page_info": ["after": after.map { .string($0) } ?? nil, "before": nil, "page_size": 50]]
}

/// A thread-safe counter for fake handlers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        n += 1
        return n
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return n
    }
}
