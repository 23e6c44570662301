import Foundation
import KnockCore
import Testing
import TestSupport

/// A plain Ctrl-C (SIGINT to the process) during an HTTP call cuts the call short: `knocksh -c`
/// and `knocksh run` exit 130 while the server still holds the request, instead of waiting for
/// its answer. The server blocks until the test releases it, so nothing here depends on timing.
@Suite struct InterruptTests {
    struct Outcome: Sendable {
        var status: Int32
        var stderr: String
        /// Whether the process ended while the server still held the request unanswered.
        var exitedBeforeAnswer: Bool
    }

    /// Spawns knocksh against a fake engine whose `GET /v1/users/slow` blocks until released,
    /// sends SIGINT once that request has arrived, and waits for the process to end.
    static func interruptDuringCall(_ arguments: [String]) throws -> Outcome {
        try interruptDuringCall(executable: packageRoot + "/.build/debug/knocksh", arguments)
    }

    /// The same with any program, and a guard: a program that does not end within
    /// `guardSeconds` of the SIGINT is killed (SIGKILL) and the outcome says it waited, so a
    /// regression fails the test instead of hanging the suite.
    static func interruptDuringCall(executable: String, _ arguments: [String], guardSeconds: Int = 60) throws -> Outcome {
        let gate = Gate()
        let fake = try FakeKnock { r in
            switch (r.method, r.path) {
            case ("POST", "/_admin/environments"):
                return .json(["id": "env_1", "secret_key": "sk_env1_0123456789abcdef", "publishable_key": "pk_env1_0123456789abcdef"], status: 201)
            case ("GET", "/v1/users/slow"):
                gate.wait()
                return .json(["id": "slow"])
            default:
                return .noContent
            }
        }
        defer { fake.stop() }
        // Every held request goes (a retry would hold a second one) before the server stops.
        defer { gate.open() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for name in ["GITHUB_ACTIONS", "KNOCK_API_KEY", "KNOCK_ENVIRONMENT", "KNOCKSH_ENGINE_TRANSPORT"] { env[name] = nil }
        env["NO_COLOR"] = "1"
        env["KNOCKSH_ENGINE_URL"] = fake.baseURL
        process.environment = env
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        // Hang guards only (a broken build must not hang the suite): the request arrives, and the
        // process ends, long before these run out.
        var polls = 0
        while !fake.requests.contains(where: { $0.path == "/v1/users/slow" }), polls < 6_000, process.isRunning {
            usleep(10_000)
            polls += 1
        }
        guard fake.requests.contains(where: { $0.path == "/v1/users/slow" }) else {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            throw NeverArrived()
        }
        kill(process.processIdentifier, SIGINT)
        let exitedBeforeAnswer = exited.wait(timeout: .now() + .seconds(guardSeconds)) == .success
        if !exitedBeforeAnswer {
            // Killed before the server answers: waiting for a process that ignored Ctrl-C could
            // take its retries' worth of timeouts, or forever.
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        gate.open()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Outcome(status: process.terminationStatus, stderr: stderr, exitedBeforeAnswer: exitedBeforeAnswer)
    }

    /// Holds the fake server's handlers until opened; stays open, so a retried request passes too.
    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var isOpen = false

        func wait() {
            condition.lock()
            while !isOpen { condition.wait() }
            condition.unlock()
        }

        func open() {
            condition.lock()
            isOpen = true
            condition.broadcast()
            condition.unlock()
        }
    }

    struct NeverArrived: Error {}

    @Test func ctrlCCutsACallShortInScriptMode() async throws {
        let outcome = try await offPool { UncheckedBox(Result { try Self.interruptDuringCall(["-c", "users get slow\nprint \"after\""]) }) }.value.get()
        #expect(outcome.exitedBeforeAnswer, "knocksh waited for the server's answer")
        #expect(outcome.status == 130, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("interrupted"), "\(outcome.stderr)")
    }

    @Test func ctrlCCutsACallShortInTheRunner() async throws {
        let dir = try temporaryDirectory(["slow.knock": "test \"slow\" { users get slow }\n"])
        let outcome = try await offPool { UncheckedBox(Result { try Self.interruptDuringCall(["run", dir, "-j", "1"]) }) }.value.get()
        #expect(outcome.exitedBeforeAnswer, "knocksh run waited for the server's answer")
        #expect(outcome.status == 130, "\(outcome.stderr)")
    }

    /// The guard itself: a program that ignores SIGINT while the server holds its request is
    /// killed at the guard and reported as having waited, instead of hanging the suite.
    @Test func theHangGuardKillsAProgramThatIgnoresCtrlC() async throws {
        // bash with SIGINT ignored, blocked on the held request with its builtin `read` (no child
        // process that could outlive it).
        let script = """
            trap '' INT
            url=${KNOCKSH_ENGINE_URL#http://}
            exec 3<>/dev/tcp/${url%:*}/${url##*:}
            printf 'GET /v1/users/slow HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3
            read -r line <&3
            """
        let outcome = try await offPool {
            UncheckedBox(Result { try Self.interruptDuringCall(executable: "/bin/bash", ["-c", script], guardSeconds: 1) })
        }.value.get()
        #expect(!outcome.exitedBeforeAnswer)
        #expect(outcome.status == SIGKILL, "killed by the guard, not ended by the answer")
    }
}
