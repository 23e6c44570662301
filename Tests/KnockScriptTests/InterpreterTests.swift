import Testing
import KnockCore
@testable import KnockScript

@Suite struct InterpreterTests {
    /// Runs a script that must pass and returns its output.
    func output(_ text: String, variables: [String: Value] = [:]) -> String {
        let r = runScript(text, variables: variables)
        #expect(r.compileErrors.isEmpty, "compile errors: \(r.compileErrors)")
        #expect(r.status == .passed, "status \(r.status): \(r.error?.description ?? "")")
        return r.output
    }

    @Test func arithmeticKeepsIntegersAndChecksOverflow() {
        #expect(output("print (1 + 2 * 3) (7 / 2) (8 / 2) (7 % 3) (2.5 * 2) (-3)") == "7 3.5 4 1 5.0 -3\n")
        let r = runScript("let x = 9223372036854775807 + 1")
        #expect(r.status == .errored)
        #expect(r.error?.message == "integer overflow")
        #expect(runScript("print (1 / 0)").error?.message == "division by zero")
        #expect(runScript("print (1 % 0)").error?.message == "division by zero")
    }

    @Test func stringsAndInterpolation() {
        #expect(output(#"let u = {name: "Ada", tags: ["x"]}; print "hi $u.name $u.tags[0] $(len($u.tags) + 1) \$5""#) == "hi Ada x 2 $5\n")
        #expect(output(#"print 'raw $x\n'"#) == "raw $x\\n\n")
        #expect(output(#"print ("a" + "b") ("ab" * 2)"#) == "ab abab\n")
        #expect(runScript(#"print ("a" + 1)"#).error?.hint?.contains("interpolation") == true)
    }

    @Test func comparisonsAndOperators() {
        #expect(output(#"print (1 == 1.0) ([1, {a: 2}] == [1, {a: 2}]) ({a: 1, b: 2} == {b: 2, a: 1}) (2 in [1, 2]) ("b" in "abc") ("abc" starts-with "ab") ("abc" ends-with "bc") ("a1" matches "^[a-z][0-9]$") (3 in 1..5) (5 in 1..<5)"#)
            == "true true true true true true true true true false\n")
        #expect(output(#"print ({a: 1} contains "a") ([1, 2] contains 3) (1 < 2) ("a" < "b") (2s > 500ms) (null == null) (1 != "1")"#)
            == "true false true true true true true\n")
        #expect(output(#"print (null or "default") (0 and 1) (1 and 2) (not [])"#) == "default 0 2 true\n")
        #expect(runScript("print (1 < \"a\")").error?.message.contains("cannot compare") == true)
    }

    @Test func variablesScopesAndAssignment() {
        #expect(output("let x = 1\nif true { let x = 2; print $x }\nprint $x") == "2\n1\n")
        #expect(output("let x = 1\nif true { x = 2 }\nprint $x") == "2\n")
        #expect(output("let r = {a: {b: [1, 2]}}\nr.a.b[1] = 5\nr.c = 3\nr[\"d\"] = 4\nprint $r") == #"{"a": {"b": [1, 5]}, "c": 3, "d": 4}"# + "\n")
        #expect(output("let n = 1\nn += 2\nn -= 1\nlet l = [1]\nl += [2]\nprint $n $l") == "2 [1, 2]\n")
        #expect(output("print $who", variables: ["who": .string("cli")]) == "cli\n")
        let r = runScript("print $nme", variables: ["name": .string("x")])
        #expect(r.error?.message == "undefined variable $nme")
        #expect(r.error?.hint?.contains("did you mean $name") == true)
    }

    @Test func missingFieldsNameThePathAndKeys() {
        let r = runScript("let m = {status: \"sent\", id: 1}\nprint $m.stat")
        #expect(r.error?.message == "the record has no field 'stat'")
        #expect(r.error?.hint?.contains("did you mean 'status'") == true)
        #expect(r.error?.hint?.contains("fields: status, id") == true)
        #expect(r.error?.location?.line == 2)
        #expect(output("let m = {a: null}\nprint $m?.b $m.a?.c (get($m, \"a.b\", 7)) (get({x: [{y: 1}]}, \"x[0].y\"))") == "null null 7 1\n")
        #expect(output("print $env.HOME") != "")
        #expect(runScript("print $env.KNOCKSH_SURELY_UNSET_VARIABLE").error?.message == "the environment variable KNOCKSH_SURELY_UNSET_VARIABLE is not set")
    }

    @Test func controlFlow() {
        #expect(output("let s = 0\nfor i in 1..10 { if $i % 2 == 0 { continue }; if $i > 7 { break }; s += $i }\nprint $s") == "16\n")
        #expect(output("let n = 0\nwhile $n < 5 { n += 1 }\nrepeat 3 { n += 10 }\nprint $n") == "35\n")
        #expect(output("for k, v in {a: 1, b: 2} { print $k $v }") == "a 1\nb 2\n")
        #expect(output("for i, x in [\"p\", \"q\"] { print $i $x }") == "0 p\n1 q\n")
        #expect(output("for i in 3..1 { print $i }\nfor i in 0..<0 { print $i }") == "")
    }

    @Test func functionsClosuresRecursionAndHoisting() {
        #expect(output("print (twice(3))\nfn twice(x) { return $x * 2 }") == "6\n")
        #expect(output("fn even(n) { if $n == 0 { return true }; return odd($n - 1) }\nfn odd(n) { if $n == 0 { return false }; return even($n - 1) }\nprint (even(10))") == "true\n")
        #expect(output("let base = 10\nfn add(x) { return $base + $x }\nbase = 20\nprint (add(1))") == "21\n")
        let r = runScript("fn f(n) { return f($n + 1) }\nprint (f(0))")
        #expect(r.error?.message.contains("too much recursion") == true)
        #expect(runScript("fn f(a) { return 1 }\nprint (f())").error?.message.contains("takes 1 argument") == true)
    }

    @Test func pipelinesFilterAndProject() {
        let setup = #"let msgs = [{id: "a", status: "sent", n: 3}, {id: "b", status: "queued", n: 1}, {id: "c", status: "sent", n: 2}]"#
        #expect(output(setup + "\nprint ($msgs | where status == \"sent\" | map id)") == #"["a", "c"]"# + "\n")
        #expect(output(setup + "\nprint ($msgs | sort-by n | map id | join(\",\"))") == "b,c,a\n")
        #expect(output(setup + "\nprint ($msgs | find status == \"queued\" | get(\"id\")) ($msgs | any n > 2) ($msgs | all n > 2) ($msgs | count-by status)") == #"b true false {"sent": 2, "queued": 1}"# + "\n")
        #expect(output("print (1..5 | where $it % 2 == 1 | map $it * 10 | sum)") == "90\n")
        #expect(output(setup + "\nprint ($msgs | map {id: id, big: n > 1} | where big | len)") == "2\n")
    }

    @Test func builtins() {
        #expect(output(#"print (len("héllo")) (keys({a: 1, b: 2})) (values({a: 1})) (type(1.5)) (type(5s)) (json({a: [1, 5s]})) (parse_json("{\"x\": [1, 2.5, null]}"))"#)
            == #"5 ["a", "b"] [1] float duration {"a":[1,"5s"]} {"x": [1, 2.5, null]}"# + "\n")
        #expect(output(#"print (upper("a")) (split("a,b", ",")) (join([1, 2], "-")) (replace("aXbX", "X", "")) (trim("  x ")) (sort([3, 1, 2])) (unique([1, 1, 2])) (reverse([1, 2]))"#)
            == #"A ["a", "b"] 1-2 ab x [1, 2, 3] [1, 2] [2, 1]"# + "\n")
        #expect(output("print (int(\"42\")) (float(2)) (round(2.6)) (min([3, 1])) (max(2, 9)) (sum([1, 2])) (ms(1m)) (seconds(1500ms)) (duration(\"1m30s\")) (abs(-2)) (first([1, 2])) (last([1, 2], 1)) (slice(\"hello\", 1, -1))")
            == "42 2.0 3 1 9 3 60000 1.5 1m30s 2 1 [2] ell\n")
        #expect(output("print (uuid() matches \"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$\") (now() matches \"^20[0-9]{2}-\")") == "true true\n")
    }

    @Test func durationsAndRanges() {
        #expect(output("print (1m + 30s) (2s * 3) (1s - 250ms) (10s / 4) (1m / 30s) (1..3) (len(0..<10)) ((1..3)[1])") == "1m30s 6s 750ms 2s500ms 2.0 1..3 10 2\n")
    }

    @Test func expectFailsTheTestWithPowerAssertion() {
        let r = runScript("let m = {status: \"queued\"}\nexpect $m.status == \"delivered\"")
        #expect(r.status == .failed)
        #expect(r.error?.location?.line == 2)
        #expect(r.error?.notes == [
            #"expect $m.status == "delivered""#,
            "       |         |",
            #"       "queued"  false"#,
        ])
        let custom = runScript("expect 1 == 2 else \"numbers differ\"")
        #expect(custom.error?.message == "numbers differ")
    }

    @Test func expectErrorAndTryCatch() {
        #expect(runScript("expect error { let x = {}.a }").status == .passed)
        let r = runScript("expect error { print 1 }")
        #expect(r.status == .failed)
        #expect(r.error?.message == "expected error, but the block succeeded")
        #expect(output("try { let x = {}.nope } catch $e { print $e.kind $e.message }") == "runtime the record has no field 'nope'\n")
        // A failed expect is not an error to expect.
        #expect(runScript("expect error { expect false }").status == .failed)
    }

    @Test func apiErrorsAreInspectable() {
        let registry = CommandRegistry.standard()
        registry.register(ClosureCommand(["users", "get"], summary: "test double") { inv in
            throw ScriptError.api(status: 404, code: "resource_missing", message: "no user \(inv.arguments[0].text)", requestID: "req_1", body: ["code": "resource_missing"])
        })
        let ok = runScript("expect error 404 { users get u1 }\nexpect error \"resource_missing\" { users get u1 }\ntry { users get u2 } catch $e { print $e.status $e.code $e.request_id $e.message $e.body.code }", registry: registry)
        #expect(ok.status == .passed, "\(ok.error?.description ?? "")")
        #expect(ok.output == "404 resource_missing req_1 no user u2 resource_missing\n")
        let wrong = runScript("expect error 500 { users get u1 }", registry: registry)
        #expect(wrong.status == .failed)
        #expect(wrong.error?.message == "expected error 500, got API error 404 resource_missing: no user u1")
        let uncaught = runScript("users get u1", registry: registry)
        #expect(uncaught.status == .errored)
        #expect(uncaught.error?.location?.column == 1)
    }

    @Test func commandsDispatchOnLongestPrefix() {
        let registry = CommandRegistry.standard()
        registry.register(ClosureCommand(["echo"], summary: "") { inv in
            .record(["args": .list(inv.arguments), "opts": .record(Record(uniqueKeysWithValues: inv.options.map { ($0.name, $0.value) })), "body": inv.body ?? .null])
        })
        registry.register(ClosureCommand(["echo", "deep"], summary: "") { _ in .string("deep") })
        let r = runScript(#"""
        let a = echo x 2 5s --flag --n 3 {k: 1}
        print $a
        print (echo deep)
        echo y
        print $_.args
        """#, registry: registry)
        #expect(r.error == nil, "\(r.error?.description ?? "")")
        #expect(r.output == #"{"args": ["x", 2, 5s], "opts": {"flag": true, "n": 3}, "body": {"k": 1}}"# + "\ndeep\n[\"y\"]\n")
        let unknown = runScript("ech x", registry: registry)
        #expect(unknown.error?.message == "unknown command 'ech'")
        #expect(unknown.error?.hint?.contains("did you mean 'echo'") == true)
    }

    @Test func helpListsCommands() {
        let r = runScript("help\nhelp sleep")
        #expect(r.output.contains("print VALUE..."))
        #expect(r.output.contains("usage: sleep DURATION"))
    }

    @Test func waitUntilPollsAndReportsTheLastValue() {
        #expect(output("let n = 0\nfn bump() { n += 1; return $n }\nlet v = wait until bump() >= 3 within 2s every 1ms\nprint $v $n") == "true 3\n")
        let r = runScript("let n = 0\nwait until $n == 1 within 30ms every 10ms")
        #expect(r.status == .failed)
        #expect(r.error?.message == "wait until timed out after 30ms")
        #expect(r.error?.notes.contains { $0.contains("$n == 1") } == true)
    }

    @Test func skipAndFail() {
        #expect(runScript("skip \"later\"").status == .skipped)
        let r = runScript("fail \"broken\" 42")
        #expect(r.status == .failed)
        #expect(r.error?.message == "broken 42")
    }

    @Test func setupTeardownAndFreshScopes() {
        let r = runScript("""
        let shared = []
        setup { let made = "thing" }
        teardown { print "cleanup $made" }
        test "one" { shared += [1]; print (len($shared)) }
        test "two" { shared += [2]; print (len($shared)); fail "boom" }
        """)
        #expect(r.output == "1\ncleanup thing\n1\ncleanup thing\n")
        #expect(r.status == .failed)
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        for (start, body) in [("[]", "x = [1, 2, $x]"), ("[]", "x = append([], $x)"), ("{}", "x.next = $x")] {
            let r = runScript("let x = \(start)\nfor i in 1..3000 { \(body) }")
            #expect(r.error?.message == "values nest too deeply (more than 2000 levels)", "\(body): \(r.error?.description ?? "no error")")
        }
        // Ordinary data is unaffected.
        #expect(runScript("let x = []\nfor i in 1..100 { x = [$x] }\nprint (len(json($x)))").output == "202\n")
    }

    @Test func budgetAndDeadlineStopRunawayScripts() {
        let r = runScript("while true { }", budget: 10_000)
        #expect(r.error?.kind == .budget)
        let t = runScript("while true { }", deadlineMilliseconds: 20)
        #expect(t.error?.kind == .timeout)
        let s = runScript("sleep 10s", deadlineMilliseconds: 20)
        #expect(s.error?.kind == .timeout)
        // try/catch cannot swallow the budget.
        #expect(runScript("while true { try { while true {} } catch { } }", budget: 10_000).error?.kind == .budget)
    }
}
