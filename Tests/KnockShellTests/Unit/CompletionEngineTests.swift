import Testing
import KnockCore
@testable import KnockShell

@Suite struct CompletionEngineTests {
    let catalog = StaticCommandCatalog(
        ["users": ["get": [], "list": ["--page-size", "--after"]], "workflows": ["trigger": ["--tenant"], "cancel": []]],
        argumentValues: ["workflows trigger": [["new-comment", "comment-digest"]]])

    func engine(ids: RecentIds = RecentIds(), files: [String] = []) -> CompletionEngine {
        let vars: [(name: String, value: JSON)] = [
            ("run", ["workflow_run_id": "9f1c", "workflow": "new-comment"]),
            ("msgs", ["items": [["id": "m1", "status": "sent"]], "page_info": ["after": nil]]),
            ("author", ["id": "u1", "odd key": 1]),
        ]
        return CompletionEngine(keywords: ["let", "expect"], metaCommands: [".help", ".load", ".last"],
                                catalog: catalog, variables: { vars }, recentIds: ids,
                                files: { p in files.filter { $0.hasPrefix(p) } })
    }

    func complete(_ line: String, _ e: CompletionEngine? = nil) -> [String] {
        (e ?? engine()).complete(line: line, cursor: line.count)
    }

    @Test func sectionsAndKeywordsStartAStatement() {
        #expect(complete("us") == ["users"])
        #expect(complete("le") == ["let"])
        #expect(complete("let r = wor") == ["workflows"])
    }

    @Test func operationsFollowTheirSection() {
        #expect(complete("workflows tr") == ["trigger"])
        #expect(complete("users ") == ["get", "list"])
        #expect(complete("let x = users l") == ["list"])
    }

    @Test func optionsBelongToTheOperation() {
        #expect(complete("users list --p") == ["--page-size"])
        #expect(complete("users list --page-size 10 --") == ["--after", "--page-size"])
    }

    @Test func argumentValuesAndRecentIds() {
        let ids = RecentIds()
        ids.observe(["entries": [["id": "user-7"], ["id": "user-8", "workflow_run_id": "run-1"]]])
        let e = engine(ids: ids)
        #expect(complete("workflows trigger new", e) == ["new-comment"])
        #expect(complete("users get user-", e) == ["user-7", "user-8"])
        #expect(complete("workflows cancel ru", e) == ["run-1"])
    }

    @Test func variablesAndTheirFields() {
        #expect(complete("$ru") == ["$run"])
        #expect(complete("$run.wo") == ["$run.workflow", "$run.workflow_run_id"])
        #expect(complete("expect $run.workflow_r") == ["$run.workflow_run_id"])
        #expect(complete("$msgs.items[0].st") == ["$msgs.items[0].status"])
        // Keys that are not identifiers need the ["..."] form, which is not offered.
        #expect(complete("$author.") == ["$author.id"])
        #expect(complete("$nope.") == [])
    }

    @Test func variablesInsideListsKeepTheBracket() {
        #expect(complete("workflows trigger x {recipients: [$au") == ["[$author"])
    }

    @Test func filesAfterImportAndLoad() {
        let e = engine(files: ["lib/", "lib/fixtures.knock", "setup.knock"])
        #expect(complete("import \"lib/f", e) == ["lib/fixtures.knock"])
        #expect(complete(".load se", e) == ["setup.knock"])
    }

    @Test func metaCommandsOnlyAtTheStart() {
        #expect(complete(".l") == [".last", ".load"])
        #expect(complete("let x = .l") == [])
    }

    @Test func cursorInTheMiddleCompletesTheWordBeforeIt() {
        #expect(engine().complete(line: "workflows tr users", cursor: 12) == ["trigger"])
    }

    @Test func fileCandidatesListKnockFilesAndDirectories() throws {
        let dir = "/tmp/knocksh-files-\(UInt32.random(in: 0...UInt32.max))"
        try FileFixture.make(dir, files: ["a.knock", "b.txt", "sub/c.knock", ".hidden.knock"])
        defer { FileFixture.remove(dir) }
        #expect(FileCandidates.complete("", directory: dir) == ["a.knock", "sub/"])
        #expect(FileCandidates.complete("sub/", directory: dir) == ["sub/c.knock"])
        #expect(FileCandidates.complete(".h", directory: dir) == [".hidden.knock"])
    }
}
