import Foundation
import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import KnockShell
import KnockShellScript
import Synchronization

/// The interactive shell's Knock API target: one session for the whole shell (not one per
/// test, as in `knocksh run`), switchable between the embedded engine and a real Knock
/// environment with `.target`.
///
/// - Local: the embedded engine starts on the first API command, and the shell gets one
///   environment of its own; `.reset` deletes it, so the next command opens a fresh one.
/// - Remote (`--api-url URL` or `.target URL`, key from `KNOCK_API_KEY`): the production guard
///   runs before anything is sent; `.reset` refuses, a real environment's data stays.
///
/// ```swift
/// let api = try ShellAPI(options: .init(apiURL: nil, allowProduction: false, workflows: nil))
/// var hooks = api.hooks                   // prepare, lastExchange, resetEnvironment, switchTarget
/// defer { api.shutdown() }
/// ```
final class ShellAPI: Sendable {
    struct Options: Sendable {
        var apiURL: String?
        var allowProduction: Bool
        var workflows: String?
    }

    /// Every key the shell saw (the environment's, each local environment's): output, `.last`
    /// and history pass through it.
    let secrets = SecretBook()
    private let local: LocalEngineTarget
    private let allowProduction: Bool

    private struct State {
        var remote: RemoteTarget?
        /// The shell's own environment in the embedded engine, once an API command opened it.
        var localSession: APISession?
    }
    private let state = Mutex(State())

    /// The shell as the engine sees it: names the environment it creates.
    private static let shellTest = TestCase(file: "knocksh-shell", name: "session", line: 1, index: 0)

    init(options: Options, launcher: any EngineLauncher = EngineLaunch.launcher()) throws(ShellError) {
        let envKey = Environment.get("KNOCK_API_KEY")
        if let envKey, !envKey.isEmpty { secrets.add([envKey]) }
        allowProduction = options.allowProduction
        let workflows = options.workflows ?? WorkflowsDirectory.find(from: FileManager.default.currentDirectoryPath)
        local = LocalEngineTarget(launcher: launcher, workflowsDirectory: workflows, secrets: secrets)
        if let url = options.apiURL {
            let remote = try makeRemote(url, allowProduction: options.allowProduction)
            state.withLock { $0.remote = remote }
        }
    }

    /// What the banner and `.target` show; never a key.
    var target: ShellTarget {
        guard let remote = state.withLock({ $0.remote }) else { return ShellTarget(name: "local engine", isLocal: true) }
        var name = remote.session.client.configuration.baseURL
        if let env = Environment.get("KNOCK_ENVIRONMENT"), !env.isEmpty { name += " (\(env))" }
        return ShellTarget(name: name, isLocal: false)
    }

    /// The session API commands use now; against the engine it is opened (and the engine
    /// started) on first use. Runs on the shell's session thread, which may block.
    func currentSession() throws -> APISession {
        let (remote, open) = state.withLock { ($0.remote, $0.localSession) }
        if let remote { return remote.session }
        if let open { return open }
        let session = try local.openSession(for: Self.shellTest)
        state.withLock { $0.localSession = session }
        return session
    }

    /// The session last used, without opening one.
    private var openSession: APISession? {
        state.withLock { $0.remote?.session ?? $0.localSession }
    }

    var hooks: ScriptEvaluator.Hooks {
        var hooks = ScriptEvaluator.Hooks()
        hooks.prepare = { [self] context in prepare(context) }
        hooks.lastExchange = { [self] _ in openSession?.client.lastExchange.map(ShellExchange.init(from:)) }
        hooks.resetEnvironment = { [self] in try resetEnvironment() }
        hooks.switchTarget = { [self] spec in try await switchTarget(spec) }
        return hooks
    }

    /// Before each input: the current target's session (looked up when a command needs it, so
    /// a `.target` switch applies at once), a cancel handle the new input's Ctrl-C reaches (the
    /// flag dropped the last one's handler), and output with the shell's secrets hidden.
    private func prepare(_ context: ExecutionContext) {
        context.attach(SessionSlot { [self] in try currentSession() })
        let handle = CancelHandle()
        context.cancellation.onCancel { handle.cancel() }
        context.attach(handle)
        context.output = RedactingOutput(context.output, secrets: secrets)
    }

    /// `.reset`: the shell's engine environment is deleted; the next API command gets a new one.
    private func resetEnvironment() throws {
        let (remote, open) = state.withLock { s in
            defer { if s.remote == nil { s.localSession = nil } }
            return (s.remote, s.localSession)
        }
        if remote != nil {
            throw ShellError("`.reset` only starts the embedded engine over; a Knock environment keeps its data",
                             hint: ".target local, then .reset")
        }
        if let open { local.closeSession(open, for: Self.shellTest) }
    }

    /// `.target local` or `.target URL [--allow-production]`.
    private func switchTarget(_ spec: String) async throws -> ShellTarget {
        var words = spec.split(separator: " ").map(String.init)
        let allow = words.contains("--allow-production")
        words.removeAll { $0 == "--allow-production" }
        guard words.count == 1, let where_ = words.first else {
            throw ShellError("`.target` takes `local` or an API URL", hint: ".target local, .target https://api.knock.app")
        }
        let previous: RemoteTarget?
        if where_ == "local" {
            previous = state.withLock { s in defer { s.remote = nil }; return s.remote }
        } else {
            let remote = try makeRemote(where_, allowProduction: allow || allowProduction)
            previous = state.withLock { s in defer { s.remote = remote }; return s.remote }
        }
        try? await previous?.session.client.shutdown()
        return target
    }

    private func makeRemote(_ url: String, allowProduction: Bool) throws(ShellError) -> RemoteTarget {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ShellError("not a target: \(url)", hint: "`local`, or an http(s) URL such as https://api.knock.app")
        }
        // Read at switch time: the key never appears on a command line or in history.
        guard let key = Environment.get("KNOCK_API_KEY"), !key.isEmpty else {
            throw ShellError("a Knock environment needs its secret key in KNOCK_API_KEY",
                             hint: "export KNOCK_API_KEY before starting knocksh")
        }
        do {
            return try RemoteTarget(baseURL: url, apiKey: key, environmentName: Environment.get("KNOCK_ENVIRONMENT"),
                                    allowProduction: allowProduction, secrets: secrets)
        } catch {
            throw ShellError(error.description, hint: ".target \(url) --allow-production, or start knocksh with --allow-production")
        }
    }

    /// The workflow keys TAB offers: on the embedded engine, the folders of its workflows
    /// directory (`welcome/workflow.json`); a Knock environment's are not listed by its API.
    func workflowKeys() -> [String] {
        guard state.withLock({ $0.remote == nil }), let dir = local.workflowsDirectory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { FileManager.default.fileExists(atPath: dir + "/" + $0 + "/workflow.json") }.sorted()
    }

    /// The channels TAB offers on the embedded engine: keys for the local `channels` commands
    /// (`channels fail-next po<TAB>`), ids for Knock's `{channel_id}` paths. Asked only once the
    /// shell's engine session is open, so a TAB never starts the engine.
    func channelRefs(ids: Bool) -> [String] {
        guard let session = state.withLock({ $0.remote == nil ? $0.localSession : nil }),
              let answer = try? Blocking.run({ try await session.client.raw("GET", "/_admin/channels") }),
              case .array(let items)? = answer.body["items"] else { return [] }
        return items.compactMap { ($0[ids ? "id" : "key"])?.stringValue }.sorted()
    }

    /// Stops the embedded engine and closes the remote client when the shell ends.
    func shutdown() {
        state.withLock { $0.remote }?.shutdown()
        local.shutdown()
    }
}

extension ShellExchange {
    /// The client's record (its Authorization already masked) as the shell shows it; bodies
    /// that are JSON are shown as JSON, anything else as a string.
    init(from x: Exchange) {
        func json(_ text: String?) -> JSON? {
            guard let text, !text.isEmpty else { return nil }
            return (try? JSON.parse(text)) ?? .string(text)
        }
        self.init(
            method: x.request.method, url: x.request.url,
            requestHeaders: x.request.headers.map { ($0.name, $0.value) },
            requestBody: json(x.request.body),
            status: x.response?.status ?? 0,
            responseHeaders: x.response?.headers.map { ($0.name, $0.value) } ?? [],
            // Status 0 with the reason as the body: no answer came (refused, timed out).
            responseBody: x.response.map { json($0.body) } ?? x.failure.map { .string("no response: " + $0) },
            milliseconds: Double(x.duration.components.seconds) * 1000 + Double(x.duration.components.attoseconds) / 1e15)
    }
}
