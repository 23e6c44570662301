import Testing
@testable import KnockScript

@Suite struct ParserTests {
    @Test func precedence() throws {
        #expect(try sexpr("let x = 1 + 2 * 3 - 4") == "(let x (- (+ 1 (* 2 3)) 4))")
        #expect(try sexpr("expect not $a and $b or $c") == "(expect (or (and (not $a) $b) $c))")
        #expect(try sexpr("expect $a + 1 == 3 and $s matches \"^a\"") == #"(expect (and (== (+ $a 1) 3) (matches $s "^a")))"#)
        #expect(try sexpr("expect $x not in [1, 2]") == "(expect (not in $x [1 2]))")
        #expect(try sexpr("let r = 1..$n + 1") == "(let r (.. 1 (+ $n 1)))")
    }

    @Test func pathsAndIndexes() throws {
        #expect(try sexpr(#"print $x.items[0].id $y?.a $z["odd key"]"#) ==
            #"(cmd print (. (at (. $x items) 0) id) (?. $y a) (at $z "odd key"))"#)
    }

    @Test func commandsWithOptionsAndBody() throws {
        #expect(try sexpr("workflows trigger new-comment --tenant t1 --all=true {recipients: [$u]}") ==
            #"(cmd workflows trigger new-comment --tenant="t1" --all=true body={recipients: [$u]})"#)
        // A record right after an option is the option's value.
        #expect(try sexpr("objects set --data {a: 1}") == "(cmd objects set --data={a: 1})")
        #expect(try sexpr("http GET /v1/users/u1") == #"(cmd http GET /v1/users/u1)"#)
        #expect(try sexpr("wait message --recipient $u.id within 5s") == #"(cmd wait message --recipient=(. $u id) --within=5s)"#)
        #expect(try sexpr("clock advance 10m") == "(cmd clock advance 10m)")
        #expect(try sexpr("users list --page-size 10 --offset -5") == "(cmd users list --page-size=10 --offset=-5)")
    }

    @Test func commandsAsExpressions() throws {
        #expect(try sexpr("let run = workflows trigger k {a: 1}") == "(let run (cmd workflows trigger k body={a: 1}))")
        #expect(try sexpr(#"expect (users get u1).name == "Ada""#) == #"(expect (== (. (cmd users get u1) name) "Ada"))"#)
        #expect(try sexpr("let n = len($x)") == "(let n (call len $x))")
        #expect(try sexpr("let ids = messages list | map id") == "(let ids (| (cmd messages list) map it.id))")
    }

    @Test func pipelines() throws {
        #expect(try sexpr(#"let s = $m.items | where status == "sent" | map id | len"#) ==
            #"(let s (| (| (| (. $m items) where (== it.status "sent")) map it.id) len))"#)
        #expect(try sexpr("let s = $xs\n  | sort-by $it.n\n  | first(2)") == "(let s (| (| $xs sort-by (. $it n)) first 2))")
    }

    @Test func statements() throws {
        #expect(try sexpr("if $a { print 1 } else if $b { print 2 } else { print 3 }") ==
            "(if $a {(cmd print 1)} $b {(cmd print 2)} else {(cmd print 3)})")
        #expect(try sexpr("for i, x in $list { continue }") == "(for i,x $list {(continue)})")
        #expect(try sexpr("fn add(a, b) { return $a + $b }") == "(fn add (a b) {(return (+ $a $b))})")
        #expect(try sexpr("x += 1; y.a[0] = 2") == "(+= x 1)\n(= y.a[0] 2)")
        #expect(try sexpr("try { fail \"x\" } catch $e { print $e.message }") == #"(try {(cmd fail "x")} catch e {(cmd print (. $e message))})"#)
        #expect(try sexpr("expect error 404 { users get nobody }") == "(expect-error 404 {(cmd users get nobody)})")
        #expect(try sexpr("let v = wait until $n > 3 within 2s every 10ms") == "(let v (wait-until (> $n 3) within=2s every=10ms))")
        #expect(try sexpr("test \"a b\" {\n  expect true else \"why\"\n}") == #"(test "a b" {(expect true else "why")})"#)
    }

    @Test func stringInterpolationParsesPaths() throws {
        #expect(try sexpr(#"print "hi $u.name, $(1 + 2)!""#) == #"(cmd print (str "hi " (. $u name) ", " (+ 1 2) "!"))"#)
        #expect(try sexpr(#"print "end $name.""#) == #"(cmd print (str "end " $name "."))"#)
    }

    @Test func errorPositions() {
        let e1 = parseErrors("let x = \nprint 1")
        #expect(e1.count == 1)
        #expect(e1.first?.location?.line == 1)
        #expect(e1.first?.location?.column == 9)
        #expect(e1.first?.message.contains("expected an expression") == true)

        let e2 = parseErrors("print ($a + )")
        #expect(e2.first?.location?.column == 13)

        let e3 = parseErrors("expect foo + 1")
        #expect(e3.first?.message == "unexpected bare word 'foo' in an expression")
        #expect(e3.first?.location?.column == 8)
        #expect(e3.first?.hint?.contains("(foo ...)") == true)
    }

    @Test func operatorsInCommandArgumentsAskForParentheses() {
        let e = parseErrors("let y = foo + 1")
        #expect(e.first?.message == "unexpected '+' in the arguments of a command")
        #expect(e.first?.location?.column == 13)
        #expect(e.first?.hint?.contains("parentheses") == true)
    }

    @Test func recoversAndReportsEveryError() {
        let errors = parseErrors("let = 1\nprint ok\nlet y = )\ntest \"t\" {\n  let z = [1,\n}\nprint $a + 1\n")
        #expect(errors.count == 4)
        #expect(errors.map { $0.location?.line ?? 0 } == [1, 3, 6, 7])
    }

    @Test func unclosedBlockPointsAtItsStart() {
        let errors = parseErrors("test \"t\" {\n  print 1\n")
        #expect(errors.count == 1)
        #expect(errors[0].message.contains("missing '}'"))
        #expect(errors[0].location?.line == 1)
        #expect(errors[0].location?.column == 10)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let errors = ScriptThread.run { parseErrors("let x = " + deep) }
        #expect(errors.first?.message == "nesting is too deep")
    }

    @Test func compileErrors() {
        #expect(checkErrors("x = 1").first?.message == "cannot assign to 'x': it is not declared")
        #expect(checkErrors("break").first?.message == "'break' outside of a loop")
        #expect(checkErrors("let n = lenn($x)").first?.hint?.contains("did you mean len()") == true)
        #expect(checkErrors("if true { test \"a\" { } }").first?.message.contains("top level") == true)
        #expect(checkErrors("test \"a\" {}\ntest \"a\" {}").first?.message.contains("already exists") == true)
    }
}
