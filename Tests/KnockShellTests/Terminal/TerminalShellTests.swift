import Foundation
import Testing

/// `knocksh` under a real pseudo-terminal (tmux): what a person at a keyboard sees, with the real
/// language behind the shell.
///
/// Serialized: each test starts a tmux server and a shell, and the machine is small.
@Suite(.serialized, .enabled(if: TmuxSession.available && ShellBinary.path != nil, "needs tmux and the knocksh binary"))
struct TerminalShellTests {
    let prompt = "knock> "

    /// A tmux pane in a fresh directory whose shell has knocksh ready to start.
    final class Fixture {
        let tmux: TmuxSession
        let dir: String
        var historyPath: String { dir + "/history" }

        init(environment: [String: String] = [:]) throws {
            dir = FileFixture.tempDir("pty")
            tmux = try TmuxSession(environment: environment.merging(["KNOCKSH_HISTORY": dir + "/history"]) { $1 })
            tmux.type("cd \(TmuxSession.quote(dir))")
            tmux.press("Enter")
        }

        /// Starts the shell (with `arguments`, already quoted) and waits for its `count`-th banner.
        func start(banner count: Int = 1, arguments: String = "", pipeTo: String? = nil) throws {
            let bin = TmuxSession.quote(ShellBinary.path!) + (arguments.isEmpty ? "" : " " + arguments)
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
        #expect(f.tmux.screen().contains("knocksh shell · target: local engine (local)"))
        f.enter("let x = {a: 1, b: [true, null]}")
        try f.tmux.waitFor(#""b": ["#)
        f.enter("$x.a + 41")
        let screen = try f.tmux.waitUntil("the result and a fresh prompt") { $0.hasSuffix("knock> $x.a + 41\n42\nknock>") }
        #expect(!screen.contains("sk_"))
        f.enter("print $nope")
        let error = try f.tmux.waitFor("error: ")
        #expect(error.contains("| print $nope"))
        #expect(error.contains("^"))
    }

    @Test func tabCompletesACommandWordAndAVariablesField() throws {
        let f = try Fixture()
        try f.start()
        // `sleep` is a registered command: completed from the registry (and the keyword list).
        f.tmux.type("sle")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("command word completed") { $0.hasSuffix("knock> sleep") }
        f.tmux.type("1ms")
        f.tmux.press("Enter")
        try f.tmux.waitUntil("sleep ran") { $0.hasSuffix("knock> sleep 1ms\nknock>") }

        f.enter(#"let run = {workflow_run_id: "abc", status: "queued"}"#)
        try f.tmux.waitFor(#""workflow_run_id": "abc""#)
        f.tmux.type("$run.wo")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("field completed") { $0.hasSuffix("knock> $run.workflow_run_id") }
        f.tmux.press("Enter")
        try f.tmux.waitUntil("the field's value") { $0.hasSuffix("knock> $run.workflow_run_id\n\"abc\"\nknock>") }
    }

    @Test func upArrowRecallsAnEntryAfterARestart() throws {
        let f = try Fixture()
        try f.start()
        f.enter("print \"recalled\" (6 * 7)")
        // Wait for the next prompt: a Ctrl-D typed ahead, while the terminal is still in cooked
        // mode, reaches libedit as a NUL byte rather than end of input.
        try f.tmux.waitUntil("the next prompt") { $0.hasSuffix("recalled 42\nknock>") }
        f.tmux.press("C-d")
        try f.tmux.waitFor("EXIT=0")
        try f.start(banner: 2)
        f.tmux.press("Up")
        try f.tmux.waitUntil("recalled entry") { $0.hasSuffix(#"knock> print "recalled" (6 * 7)"#) }
        f.tmux.press("Enter")
        try f.tmux.waitFor("\nrecalled 42", count: 2)
    }

    @Test func ctrlCCancelsTheLineAndARunningCommandButNotTheShell() throws {
        let f = try Fixture()
        try f.start()
        f.tmux.type("half typed")
        f.tmux.press("C-c")
        try f.tmux.waitUntil("fresh prompt after ^C") { $0.hasSuffix("half typed^C\nknock>") }

        f.enter("let before = 1")
        try f.tmux.waitUntil("let ran") { $0.hasSuffix("let before = 1\n1\nknock>") }
        f.enter("sleep 30s")
        try f.tmux.waitFor("knock> sleep 30s")
        usleep(300_000)   // let the evaluation start; the key must arrive while it runs
        var started = Date()
        f.tmux.press("C-c")
        try f.tmux.waitUntil("cancelled, back at the prompt") { $0.hasSuffix("cancelled\nknock>") }
        #expect(Date().timeIntervalSince(started) < 5)

        // A wait is cancelled the same way, and the session (its variables) survives.
        f.enter("wait until false within 60s")
        try f.tmux.waitFor("knock> wait until false within 60s")
        usleep(300_000)
        started = Date()
        f.tmux.press("C-c")
        try f.tmux.waitFor("cancelled\nknock>", count: 2)
        #expect(Date().timeIntervalSince(started) < 5)
        f.enter("print \"still here\" $before")
        try f.tmux.waitFor("\nstill here 1\n")
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
        f.enter("len($r.tags)")
        try f.tmux.waitUntil("the record's list") { $0.hasSuffix("knock> len($r.tags)\n2\nknock>") }
    }

    @Test func theHistoryFileIsPrivateAndHoldsNoKey() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"let key = "sk_test_abc123456789""#)
        // Results pass through the run's redaction too: a key never reaches the screen.
        try f.tmux.waitUntil("the let ran") { $0.hasSuffix("knock> let key = \"sk_test_abc123456789\"\n\"[redacted]\"\nknock>") }
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")

        let attributes = try FileManager.default.attributesOfItem(atPath: f.historyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: f.historyPath, encoding: .utf8)
        #expect(!text.contains("abc123456789"))
        #expect(text.contains("let key = \"sk_test_[REDACTED]\"\n.quit\n"))
    }

    @Test func sigtermSavesHistoryAndRestoresTheTerminal() throws {
        let f = try Fixture()
        try f.start()
        f.enter("print (7 * 6)")
        try f.tmux.waitFor("\n42\n")
        let pid = try #require(f.tmux.foregroundPid())
        kill(pid, SIGTERM)
        try f.tmux.waitFor("EXIT=143")
        let text = try String(contentsOfFile: f.historyPath, encoding: .utf8)
        #expect(text.contains("print (7 * 6)\n"))
        // The terminal is back in cooked mode: bash echoes and runs a command.
        f.enter("echo back-$((40+2))")
        try f.tmux.waitFor("\nback-42")
    }

    @Test func saveWritesARecipeThatKnockshRunPasses() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"let run = {workflow_run_id: "abc", recipients: ["u1"]}"#)
        try f.tmux.waitFor(#""workflow_run_id": "abc""#)
        f.enter("expect $run.nope == 1")
        try f.tmux.waitFor("error: ")
        f.enter("fn first(xs) {")
        f.enter("  return $xs[0]")
        f.enter("}")
        f.enter(#"expect first($run.recipients) == "u1""#)
        f.enter("help")
        f.enter(".save session.knock")
        try f.tmux.waitFor("saved 3 statements to session.knock (1 failed left out)")
        let recipe = try String(contentsOfFile: f.dir + "/session.knock", encoding: .utf8)
        #expect(recipe.hasPrefix("# Recorded from a knocksh shell session on "))
        #expect(recipe.hasSuffix("""
            # Failed statements were left out. Run it with: knocksh run session.knock

            let run = {workflow_run_id: "abc", recipients: ["u1"]}
            fn first(xs) {
              return $xs[0]
            }
            expect first($run.recipients) == "u1"

            """))
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")
        // The real runner, as a user would run it: exit status 0 (command throws otherwise).
        let report = try TmuxSession.command(ShellBinary.path!, ["run", "--color", "never", f.dir + "/session.knock"])
        #expect(report.contains("1 passed"))
    }

    @Test func withStdoutPipedThePromptStaysOnTheTerminalAndResultsArePlainJSON() throws {
        let f = try Fixture()
        try f.start(pipeTo: "cat > out.json")
        f.enter("let v = {entries: [{id: \"u1\"}]}")
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")
        let out = try String(contentsOfFile: f.dir + "/out.json", encoding: .utf8)
        #expect(out.hasPrefix("{\n  \"entries\": [\n"))
        #expect(!out.contains("knock>"))
        #expect(!out.contains("\u{1B}["))
        #expect(f.tmux.screen().contains("knock> let v = {entries:"))
    }

    @Test func withStdinPipedItRunsLikeDashFWithoutPromptOrHistory() throws {
        let f = try Fixture()
        let bin = TmuxSession.quote(ShellBinary.path!)
        // Output goes to files: the screen would wrap the long command line at an arbitrary column.
        f.tmux.run(#"printf 'let x = {a: 1}\nprint ($x.a + 1)\n' | "# + bin + " > out.txt 2> err.txt")
        _ = try f.tmux.waitFor("EXIT=0")
        #expect(try String(contentsOfFile: f.dir + "/out.txt", encoding: .utf8) == "2\n")
        #expect(!(try String(contentsOfFile: f.dir + "/err.txt", encoding: .utf8)).contains("knock>"))
        #expect(!FileManager.default.fileExists(atPath: f.historyPath))
    }
}
