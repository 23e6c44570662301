import Foundation
import Testing
import KnockCore
@testable import KnockShell

/// Lines fed to the shell as if typed, with Ctrl-C and Ctrl-D as inputs.
final class ScriptedReader: LineReading, @unchecked Sendable {
    private var inputs: [LineInput]
    private(set) var prompts: [String] = []
    private(set) var historyEntries: [String] = []
    let isInteractive: Bool

    init(_ inputs: [LineInput], interactive: Bool = true) {
        self.inputs = inputs
        self.isInteractive = interactive
    }

    func readLine(prompt: String) async -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }

    func addToHistory(_ entry: String) async { historyEntries.append(entry) }
}

@Suite struct ShellSessionTests {
    func run(_ lines: [String], interactive: Bool = true, historyPath: String? = nil,
             inputs: [LineInput]? = nil) async -> (text: String, status: Int32, shell: Shell, reader: ScriptedReader) {
        var config = ShellConfiguration()
        config.catalog = DemoEvaluator.catalog
        config.handlesSignals = false
        config.historyPath = historyPath
        let reader = ScriptedReader(inputs ?? lines.map(LineInput.line), interactive: interactive)
        let (output, text) = ShellOutput.capturing()
        let shell = Shell(evaluator: DemoEvaluator(), configuration: config, reader: reader, output: output)
        let status = await shell.run()
        return (text(), status, shell, reader)
    }

    @Test func aTypedLineShowsItsResult() async {
        let r = await run(["users get u1"])
        #expect(r.text.contains(#""email": "u1@example.com""#))
        #expect(r.text.hasPrefix("knocksh shell · target: demo engine"))
    }

    @Test func openInputContinuesWithTheContinuationPrompt() async {
        let r = await run(["let r = {a: 1,", "  b: [1,", "2]}", "$r.b"])
        #expect(r.reader.prompts == ["knock> ", "  ...> ", "  ...> ", "knock> ", "knock> "])
        #expect(r.text.contains("[\n  1,\n  2\n]"))
        // One history entry per input: the record's three lines come back together.
        #expect(r.reader.historyEntries == ["let r = {a: 1,\n  b: [1,\n2]}", "$r.b"])
    }

    @Test func ctrlCDropsAHalfTypedRecord() async {
        let r = await run([], inputs: [.line("let r = {a: 1,"), .interrupted, .line("$r")])
        #expect(r.text.contains("error: no variable $r"))
    }

    @Test func saveWritesSuccessfulStatementsAsARecipe() async throws {
        let dir = FileFixture.tempDir("save")
        defer { FileFixture.remove(dir) }
        let file = dir + "/session.knock"
        let r = await run([
            "let u = users get u1", "usrs list", "help", "workflows trigger new-comment {", "  recipients: [$u.id]", "}",
            "print sk_test_abcdefgh12345678", ".save \(file)",
        ])
        #expect(r.text.contains("saved 3 statements to \(file) (1 failed left out)"))
        let recipe = try String(contentsOfFile: file, encoding: .utf8)
        let lines = recipe.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("# Recorded from a knocksh shell session on "))
        #expect(lines[1] == "# Failed statements were left out. Run it with: knocksh run \(file)")
        #expect(Array(lines[3...]) == [
            "let u = users get u1", "workflows trigger new-comment {", "  recipients: [$u.id]", "}",
            "print sk_test_[REDACTED]", "",
        ])
    }

    @Test func saveWithNothingToSaveExplains() async {
        let r = await run(["fail x", ".save /tmp/never-written.knock"])
        #expect(r.text.contains("error: nothing to save yet"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.knock"))
    }

    @Test func metaCommandsDispatchThroughTheTable() async {
        let r = await run([".format json", "users list", ".format xml", ".nope", ".target https://api.knock.app", ".quit", "users get u9"])
        #expect(r.text.contains("format is json"))
        #expect(r.text.contains(#""entries": ["#))   // JSON, not a table
        #expect(r.text.contains("error: unknown format `xml`\nhint: .format table or .format json"))
        #expect(r.text.contains("error: unknown shell command `.nope`"))
        #expect(r.text.contains("target: https://api.knock.app (remote)"))
        #expect(!r.text.contains("u9@example.com"))    // .quit stopped the loop
    }

    @Test func varsAndLastNeverShowTheKey() async {
        let r = await run(["let u = users get u1", ".format json", ".vars", ".last"])
        #expect(r.text.contains(#""u": {"#))
        #expect(r.text.contains("GET http://127.0.0.1:0/v1/users/u1"))
        #expect(r.text.contains("Authorization: Bearer [REDACTED]"))
        #expect(!r.text.contains(DemoEvaluator.demoKey))
    }

    @Test func loadRunsAFileAndRecordsIt() async throws {
        let dir = FileFixture.tempDir("load")
        defer { FileFixture.remove(dir) }
        try "let w = users get w1\n".write(toFile: dir + "/setup.knock", atomically: true, encoding: .utf8)
        let r = await run([".load \(dir)/setup.knock", "$w.id", ".save \(dir)/out.knock"])
        #expect(r.text.contains(#""w1""#))
        let recipe = try String(contentsOfFile: dir + "/out.knock", encoding: .utf8)
        #expect(recipe.contains("# .load \(dir)/setup.knock\nlet w = users get w1\n$w.id\n"))
    }

    @Test func pipedInputHasNoBannerAndFailsWithStatusOne() async {
        let r = await run(["users get u1", "fail boom", "print done"], interactive: false)
        #expect(!r.text.contains("target:"))
        #expect(r.text.contains("error: boom"))
        #expect(r.text.hasSuffix("done\n"))
        #expect(r.status == 1)
        #expect(r.reader.prompts.allSatisfy { $0.isEmpty })
    }

    @Test func historyIsPersistedRedactedAndDeduplicated() async throws {
        let dir = FileFixture.tempDir("hist")
        defer { FileFixture.remove(dir) }
        let path = dir + "/history"
        _ = await run(["users list", "users list", "print pk_test_abcdefgh12345678"], historyPath: path)
        let reloaded = History(path: path).load()
        #expect(reloaded == ["users list", "print pk_test_[REDACTED]"])
    }
}
