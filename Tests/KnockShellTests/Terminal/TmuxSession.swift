import Foundation

/// A real pseudo-terminal for tests: a private tmux server running an interactive bash, driven
/// with send-keys and read with capture-pane.
///
/// The program is started from that interactive shell (under `sh -c` Ctrl-C would reach the
/// whole process group, see shared/reference/libedit.md). Every wait polls the screen until a
/// deadline instead of sleeping a fixed time.
///
/// ```swift
/// let tmux = try TmuxSession()
/// defer { tmux.close() }
/// tmux.run("knocksh-shell-demo")
/// try tmux.waitFor("knock> ")
/// tmux.type("users get u1"); tmux.press("Enter")
/// try tmux.waitFor("u1@example.com")
/// ```
final class TmuxSession {
    struct Timeout: Error, CustomStringConvertible {
        let waitingFor: String
        let screen: String
        var description: String { "timed out waiting for \(waitingFor); the screen was:\n\(screen)" }
    }

    static var available: Bool { (try? TmuxSession.tmux(["-V"], socket: nil)) != nil }

    let socket = "knocksh-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let target = "t"

    init(width: Int = 120, height: Int = 30, environment: [String: String] = [:]) throws {
        var env = ["PS1": "$ ", "HISTFILE": "/dev/null", "TERM": "xterm-256color"]
        env.merge(environment) { $1 }
        let exports = env.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        // The server forks from this client and keeps its descriptors: no pipe, or reading
        // the output would wait for the server to exit.
        try Self.command("/usr/bin/env", ["tmux", "-L", socket, "new-session", "-d", "-s", target,
                                          "-x", "\(width)", "-y", "\(height)", "env \(exports) bash --norc --noprofile -i"],
                         captureOutput: false)
        do {
            try waitUntil("the bash prompt") { $0.hasSuffix("$") }
        } catch {
            close()
            throw error
        }
    }

    /// Runs a command line in the pane's shell, then prints `EXIT=<status>` when it ends.
    func run(_ commandLine: String) {
        type("\(commandLine); echo EXIT=$?")
        press("Enter")
    }

    /// Types text literally.
    func type(_ text: String) {
        _ = try? Self.tmux(["send-keys", "-t", target, "-l", text], socket: socket)
    }

    /// Presses named keys: Enter, Tab, Up, C-c, C-d.
    func press(_ keys: String...) {
        _ = try? Self.tmux(["send-keys", "-t", target] + keys, socket: socket)
    }

    /// The visible screen plus scrollback, trailing blank lines removed.
    func screen() -> String {
        let text = (try? Self.tmux(["capture-pane", "-p", "-J", "-t", target, "-S", "-200"], socket: socket)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).trimmingTrailingSpaces() }
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// Waits until `condition` holds for the screen; returns that screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen()
            if condition(last) { return last }
            usleep(50_000)
        }
        throw Timeout(waitingFor: what, screen: last)
    }

    /// Waits until `text` appears `count` times on the screen.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 10) throws -> String {
        try waitUntil("\(count)× \(text.debugDescription)", timeout: timeout) { $0.occurrences(of: text) >= count }
    }

    /// The last non-empty line on the screen (where the cursor's prompt is).
    func lastLine() -> String {
        screen().split(separator: "\n").last.map(String.init) ?? ""
    }

    /// The pid of the program running in the pane's shell, if one is.
    func foregroundPid() -> Int32? {
        guard let shellPid = try? Self.tmux(["display-message", "-p", "-t", target, "#{pane_pid}"], socket: socket),
              let pid = Int32(shellPid.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return Self.children(of: pid).first
    }

    /// Ends the program in the pane, the pane's shell and the tmux server, by their pids:
    /// `kill-server` alone leaves a shell waiting on its foreground job, and the server with it.
    func close() {
        guard !closed else { return }
        closed = true
        let info = (try? Self.tmux(["display-message", "-p", "-t", target, "#{pid} #{pane_pid} #{socket_path}"], socket: socket))?
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2).map(String.init) ?? []
        let pids = info.prefix(2).compactMap { Int32($0) }
        if pids.count == 2 {
            for child in Self.children(of: pids[1]) { kill(child, SIGKILL) }
            kill(pids[1], SIGKILL)
        }
        _ = try? Self.tmux(["kill-server"], socket: socket)
        if let server = pids.first { kill(server, SIGKILL) }
        // A killed server leaves its socket file behind.
        if info.count == 3 { unlink(info[2]) }
    }

    private var closed = false

    static func children(of pid: Int32) -> [Int32] {
        ((try? command("/usr/bin/env", ["pgrep", "-P", "\(pid)"])) ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    deinit { close() }

    // MARK: process helpers

    @discardableResult
    static func tmux(_ arguments: [String], socket: String?) throws -> String {
        try command("/usr/bin/env", ["tmux"] + (socket.map { ["-L", $0] } ?? []) + arguments)
    }

    /// Runs a program and returns its stdout. posix_spawn + waitpid rather than Foundation's
    /// Process, whose child reaping stalled under the test runner here; and when the output is
    /// not wanted it goes to /dev/null, because tmux's server inherits the client's descriptors
    /// and would keep a pipe open forever.
    @discardableResult
    static func command(_ path: String, _ arguments: [String], captureOutput: Bool = true) throws -> String {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if captureOutput {
            guard pipe(&fds) == 0 else { throw CocoaError(.fileWriteUnknown) }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        if captureOutput { Glibc.close(fds[1]) }
        guard spawned == 0 else {
            if captureOutput { Glibc.close(fds[0]) }
            throw CocoaError(.executableLoad)
        }
        var output: [UInt8] = []
        if captureOutput {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n > 0 { output += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
            }
            Glibc.close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: output, as: UTF8.self)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

extension String {
    func occurrences(of needle: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        return components(separatedBy: needle).count - 1
    }

    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
