import Foundation
import Testing

/// The shell under a real pseudo-terminal (tmux): what a person at a keyboard sees.
///
/// Serialized: each test starts a tmux server and a shell, and the machine is small.
@Suite(.serialized, .enabled(if: TmuxSession.available && ShellBinary.path != nil, "needs tmux and the demo binary"))
struct TerminalShellTests {
    let prompt = "knock> "

    /// A tmux pane in a fresh directory whose shell has the demo ready to start.
    final class Fixture {
        let tmux: TmuxSession
        let dir: String
        var historyPath: String { dir + "/history" }

        init() throws {
            dir = FileFixture.tempDir("pty")
            tmux = try TmuxSession(environment: ["KNOCKSH_HISTORY": dir + "/history"])
            tmux.type("cd \(TmuxSession.quote(dir))")
            tmux.press("Enter")
        }

        /// Starts the shell and waits for its `count`-th banner.
        func start(banner count: Int = 1, pipeTo: String? = nil) throws {
            let bin = TmuxSession.quote(ShellBinary.path!)
            tmux.run(pipeTo.map { "\(bin) | \($0)" } ?? bin)
            try tmux.waitFor("Type .help for shell commands", count: count)
            try tmux.waitUntil("the prompt") { $0.hasSuffix("knock>") }
        }

        func enter(_ line: String) {
            tmux.type(line)
            tmux.press("Enter")
        }

        deinit {
            tmux.close()
            FileFixture.remove(dir)
        }
    }

    @Test func aTypedLineShowsItsResultAndTheBannerNamesTheTarget() throws {
        let f = try Fixture()
        try f.start()
        f.enter("users get u1")
        let screen = try f.tmux.waitFor(#""email": "u1@example.com""#)
        #expect(screen.contains("target: demo engine (fake evaluator) (local)"))
        f.enter("users list")
        let table = try f.tmux.waitFor("(3 rows; next page: --after cursor-u3)")
        #expect(table.contains("u2  Grace Hopper  grace@example.com"))
    }

    @Test func tabCompletesAnOperationAndAVariablesField() throws {
        let f = try Fixture()
        try f.start()
        f.tmux.type("workflows tr")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("operation completed") { $0.hasSuffix("knock> workflows trigger") }
        f.tmux.type("new-c")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("workflow key completed") { $0.hasSuffix("knock> workflows trigger new-comment") }
        f.tmux.press("Enter")
        try f.tmux.waitFor(#""workflow_run_id": "00000000-0000-4000-8000-000000000001""#)

        f.enter("let run = workflows trigger comment-digest")
        try f.tmux.waitFor("workflow_run_id", count: 2)
        f.tmux.type("$run.wo")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("field completed") { $0.hasSuffix("knock> $run.workflow_run_id") }
        f.tmux.press("Enter")
        // Once from `let`, once from the completed path.
        try f.tmux.waitFor(#""00000000-0000-4000-8000-000000000002""#, count: 2)
    }

    @Test func upArrowRecallsAnEntryAfterARestart() throws {
        let f = try Fixture()
        try f.start()
        f.enter("users get u42")
        try f.tmux.waitFor("u42@example.com")
        f.tmux.press("C-d")
        try f.tmux.waitFor("EXIT=0")
        try f.start(banner: 2)
        f.tmux.press("Up")
        try f.tmux.waitUntil("recalled entry") { $0.hasSuffix("knock> users get u42") }
        f.tmux.press("Enter")
        try f.tmux.waitFor("u42@example.com", count: 2)
    }

    @Test func ctrlCCancelsTheLineAndARunningCommandButNotTheShell() throws {
        let f = try Fixture()
        try f.start()
        f.tmux.type("half typed")
        f.tmux.press("C-c")
        try f.tmux.waitUntil("fresh prompt after ^C") { $0.hasSuffix("half typed^C\nknock>") }

        f.enter("sleep 30")
        try f.tmux.waitFor("knock> sleep 30")
        usleep(300_000)   // let the evaluation start; the key must arrive while it runs
        let started = Date()
        f.tmux.press("C-c")
        try f.tmux.waitUntil("cancelled, back at the prompt") { $0.hasSuffix("cancelled\nknock>") }
        #expect(Date().timeIntervalSince(started) < 5)
        f.enter("print still here")
        try f.tmux.waitFor("\nstill here\n")
        #expect(!f.tmux.screen().contains("\nEXIT="))   // the shell never ended
    }

    @Test func aMultiLineRecordUsesTheContinuationPrompt() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"let r = {name: "Zoë","#)
        try f.tmux.waitUntil("continuation prompt") { $0.hasSuffix("...>") }
        f.enter("  tags: [1,")
        try f.tmux.waitFor("  ...>", count: 2)
        f.enter("2]}")
        let screen = try f.tmux.waitFor(#""name": "Zoë","#)
        #expect(screen.contains("knock> let r = {name: \"Zoë\",\n  ...>   tags: [1,\n  ...> 2]}\n{"))
    }

    @Test func theHistoryFileIsPrivateAndHoldsNoKey() throws {
        let f = try Fixture()
        try f.start()
        f.enter("print sk_test_abcdefgh12345678")
        try f.tmux.waitFor("\nsk_test_abcdefgh12345678")
        f.enter("users get u1")
        try f.tmux.waitFor("u1@example.com")
        f.enter(".last")
        let screen = try f.tmux.waitFor("Authorization: Bearer [REDACTED]")
        #expect(!screen.contains("DEMOkey"))
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")

        let attributes = try FileManager.default.attributesOfItem(atPath: f.historyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: f.historyPath, encoding: .utf8)
        #expect(!text.contains("abcdefgh12345678"))
        #expect(text.contains("print sk_test_[REDACTED]\nusers get u1\n.last\n.quit\n"))
    }

    @Test func sigtermSavesHistoryAndRestoresTheTerminal() throws {
        let f = try Fixture()
        try f.start()
        f.enter("users get u7")
        try f.tmux.waitFor("u7@example.com")
        let pid = try #require(f.tmux.foregroundPid())
        kill(pid, SIGTERM)
        try f.tmux.waitFor("EXIT=143")
        let text = try String(contentsOfFile: f.historyPath, encoding: .utf8)
        #expect(text.contains("users get u7\n"))
        // The terminal is back in cooked mode: bash echoes and runs a command.
        f.enter("echo back-$((40+2))")
        try f.tmux.waitFor("\nback-42")
    }

    @Test func saveWritesTheSessionAsARecipe() throws {
        let f = try Fixture()
        try f.start()
        f.enter("let u = users get u1")
        try f.tmux.waitFor("u1@example.com")
        f.enter("usrs list")
        try f.tmux.waitFor("error: unknown command `usrs`")
        f.enter("workflows trigger new-comment {")
        f.enter("  recipients: [$u.id]")
        f.enter("}")
        try f.tmux.waitFor("workflow_run_id")
        f.enter(".save session.knock")
        try f.tmux.waitFor("saved 2 statements to session.knock (1 failed left out)")
        let recipe = try String(contentsOfFile: f.dir + "/session.knock", encoding: .utf8)
        #expect(recipe.hasPrefix("# Recorded from a knocksh shell session on "))
        #expect(recipe.hasSuffix("""
            # Failed statements were left out. Run it with: knocksh run session.knock

            let u = users get u1
            workflows trigger new-comment {
              recipients: [$u.id]
            }

            """))
    }

    @Test func withStdoutPipedThePromptStaysOnTheTerminalAndResultsArePlainJSON() throws {
        let f = try Fixture()
        try f.start(pipeTo: "cat > out.json")
        f.enter("users list")
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")
        let out = try String(contentsOfFile: f.dir + "/out.json", encoding: .utf8)
        #expect(out.hasPrefix("{\n  \"entries\": [\n"))
        #expect(!out.contains("knock>"))
        #expect(!out.contains("\u{1B}["))
        #expect(f.tmux.screen().contains("knock> users list"))
    }
}
