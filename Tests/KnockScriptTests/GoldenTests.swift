import Testing
@testable import KnockScript

/// Exact renderings of failures: power assertions, diffs, diagnostics and the console report.
@Suite struct GoldenTests {
    @Test func powerAssertionLayout() {
        let lines = PowerAssert.draw(source: #"    expect $a.b + len($xs) == 10"#, anchors: [
            (12, "7"), (17, "+"), (19, "3"), (28, "false"),
        ].map { (column: $0.0, text: $0.1) })
        #expect(lines == [
            #"expect $a.b + len($xs) == 10"#,
            "       |    | |        |",
            "       7    + 3        false",
        ])
        let crowded = PowerAssert.draw(source: "expect $first == $second", anchors: [(8, "\"a long value\""), (15, "false"), (18, "\"b\"")].map { (column: $0.0, text: $0.1) })
        #expect(crowded == [
            "expect $first == $second",
            "       |      |  |",
            "       |      |  \"b\"",
            "       |      false",
            "       \"a long value\"",
        ])
    }

    @Test func failureWithDiffRendersCompletely() {
        let r = runScript("let got = {id: 1, items: [1, 2], meta: {a: true}}\nexpect $got == {id: 2, items: [1], meta: {a: true, b: 1}}")
        let text = DiagnosticRenderer(color: false, label: "failure").render(r.error!.diagnostic)
        #expect(text == """
        test.knock:2:1: failure: expectation failed
          expect $got == {id: 2, items: [1], meta: {a: true, b: 1}}
                 |    |
                 |    false
                 {"id": 1, "items": [1, 2], "meta": {"a": true}}
          differences (left vs right):
            .id: 1 != 2
            .items[1]: 2 != <missing>
            .meta.b: <missing> != 1

        """)
    }

    @Test func runtimeErrorWithCaretAndHint() {
        let r = runScript("let xs = [1, 2]\nlet y = $xs[5] + 1")
        let text = DiagnosticRenderer(color: false).render(r.error!.diagnostic)
        #expect(text == """
        test.knock:2:13: error: index 5 is out of range for a list of 2 items
          2 | let y = $xs[5] + 1
            |             ^

        """)
        let colored = DiagnosticRenderer(color: true).render(r.error!.diagnostic)
        #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }

    @Test func consoleReport() {
        var written = ""
        let reporter = ConsoleReporter(color: false) { written += $0 }
        let file = SourceFile(path: "a.knock", text: "fail \"nope\"\n")
        let test = TestCase(file: "a.knock", name: "works", line: 3, index: 0)
        reporter.testFinished(TestResult(test: test, status: .passed, duration: 0.0123, output: "hi\n"))
        reporter.testFinished(TestResult(test: test, status: .failed, duration: 0.001, error: ScriptError.failure("nope", at: file.location(offset: 0))))
        reporter.testFinished(TestResult(test: TestCase(file: "b.knock", name: "b", line: 1, index: 0), status: .skipped, duration: 0, error: ScriptError(.skipped, "later")))
        var summary = RunSummary()
        summary.passed = 1
        summary.failed = 1
        summary.skipped = 1
        summary.duration = 1.5
        reporter.runFinished([], summary: summary)
        #expect(written == """
        PASS  a.knock › works  (12 ms)
          output:
            hi
        FAIL  a.knock › works  (1 ms)
          a.knock:1:1: failure: nope
            1 | fail "nope"
              | ^
        SKIP  b.knock  (0 ms) — later

        1 passed, 1 failed, 0 errored, 1 skipped (3 tests) in 1.50s

        """)
    }

    @Test func junitEscapesMarkupAndControlCharacters() {
        #expect(JUnitReporter.escape("a<b>&\"c\"\u{1}\n") == "a&lt;b&gt;&amp;&quot;c&quot;\n")
        #expect(GitHubAnnotationsReporter.property("knocksh: a, b") == "knocksh%3A a%2C b")
        #expect(GitHubAnnotationsReporter.data("50%\nx") == "50%25%0Ax")
    }
}
