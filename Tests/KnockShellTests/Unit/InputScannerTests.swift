import Testing
import KnockShell

@Suite struct InputScannerTests {
    @Test(arguments: [
        "let r = {a: 1,", "[1, 2", "f(1", "print \"open", "print 'raw \\", "{a: [1, {b: 2}",
        "print \"a $(f(\"x\"", "test \"t\" {\n  let x = 1\n",
    ])
    func unfinishedInputAsksForMore(_ source: String) {
        #expect(InputScanner.needsMoreInput(source))
    }

    @Test(arguments: [
        "users get u1", "let r = {a: 1}", "[1, [2]]", "print \"}\"", "print 'x { y'", "print \"a \\\" {\"",
        "let x = 1 # a comment with { and \"", "print \"a $(f(\"x\")) b\"", "}", "let x = (1]", "",
        "{\n  a: 1,\n  b: [1,\n 2]\n}",
    ])
    func finishedInputRunsNow(_ source: String) {
        #expect(!InputScanner.needsMoreInput(source))
    }

    @Test func aCommentEndsAtTheLineEnd() {
        #expect(InputScanner.needsMoreInput("let r = { # note }\n a: 1"))
        #expect(!InputScanner.needsMoreInput("let r = { # note }\n a: 1 }"))
    }
}
