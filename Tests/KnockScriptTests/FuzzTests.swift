import Testing
@testable import KnockScript

/// Feeds random and mutated scripts through the lexer, parser, compiler and interpreter.
/// Nothing may crash; every run is bounded by a step budget and a deadline.
@Suite struct FuzzTests {
    static let seeds: [String] = [
        "let x = 1 + 2 * 3\nprint $x",
        "let u = {name: \"Ada\", tags: [1, 2], \"odd key\": null}\nprint \"hi $u.name $(len($u.tags))\"\nshow $u",
        "fn fib(n) { if $n < 2 { return $n }; return fib($n - 1) + fib($n - 2) }\nprint (fib(8))",
        "let xs = [{id: 1, s: \"a\"}, {id: 2, s: \"b\"}]\nprint ($xs | where s == \"a\" | map id | len)",
        "for i in 1..5 { if $i == 3 { continue }; print $i }\nlet n = 0\nwhile $n < 3 { n += 1 }\nrepeat 2 { n -= 1 }",
        "test \"t\" { expect 1 == 1 }\nsetup { let a = 1 }\nteardown { print $a }",
        "try { let x = {}.a } catch $e { print $e.message }\nexpect error { fail \"x\" }",
        "let d = 1m30s + 250ms\nprint (ms($d)) (seconds($d)) (1..3) (0..<2)",
        "let r = {a: {b: [1, 2]}}\nr.a.b[0] = 5\nr[\"c\"] = $r?.z?.y\nexpect $r == {a: {b: [5, 2]}, c: null}",
        "let v = wait until true within 10ms every 1ms\nprint $v $_ $env?.NOPE",
        "print (json({a: [1, 2.5, \"x\"]})) (parse_json(\"[1, {\\\"a\\\": null}]\")) (uuid() matches \"-\")",
        "print (sort([3, 1]) | reverse) (keys({a: 1})) (\"abc\" starts-with \"a\") (2 in [1, 2]) (not true or false and 1 < 2)",
        "expect $nope.x > 1 else \"msg\"\nprint 'raw' \"esc \\n \\u{41} \\$\"",
        "let l = [1]\nfor i in 1..40 { l += $l }\nlet s = \"ab\"\nfor i in 1..40 { s = \"$s$s\" }",
        "help\nhelp print\nskip \"why\"",
        "fn a(x) { return b($x) }\nfn b(x) { return a($x) }\nprint (a(1))",
    ]

    static let vocabulary = [
        "let", "x", "=", "$x", "1", "2.5", "5s", "\"s\"", "'r'", "+", "-", "*", "/", "%", "==", "!=", "<", ">=",
        "and", "or", "not", "in", "contains", "matches", "(", ")", "[", "]", "{", "}", ",", ":", ".", "?.", "..",
        "..<", "|", "where", "map", "len", "if", "else", "for", "while", "repeat", "fn", "return", "break",
        "continue", "expect", "error", "try", "catch", "test", "setup", "teardown", "print", "show", "wait",
        "until", "within", "every", "--opt", "\n", ";", "#", "$(", "\"$x.a\"", "null", "true", "import", "$_",
        "$env", "\\\n", "\u{0}", "é", "9223372036854775807", "-9223372036854775808",
    ]

    /// A small deterministic generator so any failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func mutate(_ text: String, _ rng: inout SplitMix) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !chars.isEmpty:
                let end = min(chars.count, at + Int.random(in: 1...8, using: &rng))
                chars.removeSubrange(at..<end)
            case 1:
                chars.insert(contentsOf: Array(" " + vocabulary.randomElement(using: &rng)! + " "), at: at)
            case 2 where !chars.isEmpty:
                let end = min(chars.count, at + Int.random(in: 1...12, using: &rng))
                chars.insert(contentsOf: chars[at..<end], at: Int.random(in: 0...chars.count, using: &rng))
            case 3:
                chars.insert(Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))), at: at)
            case 4 where !chars.isEmpty:
                chars.removeSubrange(at...)
            default:
                if !chars.isEmpty { chars.swapAt(at, Int.random(in: 0..<chars.count, using: &rng)) }
            }
        }
        return String(chars)
    }

    static func random(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 1...40, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "")
    }

    /// Parses, compiles and (when it compiles) runs a script under tight bounds.
    static func exercise(_ text: String, registry: CommandRegistry) -> TestStatus? {
        let file = SourceFile(path: "fuzz.knock", text: text)
        let (program, errors) = Parser.parseRecovering(file)
        for d in errors { _ = DiagnosticRenderer(color: false).render(d) }
        guard errors.isEmpty, let module = try? Compiler.compile(program) else { return nil }
        let context = ExecutionContext(registry: registry, output: BufferedOutput())
        context.stepBudget = 5_000
        context.cancellation.deadline = MonotonicClock.nanoseconds() + 50_000_000
        var last: TestStatus?
        for n in module.tests.indices {
            let (status, error) = module.run(test: n, context: context)
            if let error { _ = DiagnosticRenderer(color: false).render(error.diagnostic) }
            last = status
        }
        return last
    }

    @Test func tenThousandRandomAndMutatedScriptsNeverCrash() {
        let registry = CommandRegistry.standard()
        // Sleeping would only slow the fuzzer down; the deadline is tested elsewhere.
        registry.register(ClosureCommand(["sleep"], summary: "no-op for fuzzing") { _ in .null })
        let counts = ScriptThread.run { () -> (ran: Int, total: Int) in
            var rng = SplitMix(state: 0x5EED)
            var ran = 0
            var total = 0
            for round in 0..<10_000 {
                let text: String
                switch round % 4 {
                case 0: text = Self.random(&rng)
                default:
                    var t = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &rng)]
                    for _ in 0..<(round % 4) { t = Self.mutate(t, &rng) }
                    text = t
                }
                if Self.exercise(text, registry: registry) != nil { ran += 1 }
                total += 1
            }
            return (ran, total)
        }
        #expect(counts.total == 10_000)
        // Enough inputs get past the parser for the interpreter to be exercised too.
        #expect(counts.ran > 1_000, "only \(counts.ran) scripts ran")
    }

    @Test func seedsThemselvesRun() {
        let registry = CommandRegistry.standard()
        for seed in Self.seeds {
            #expect(ScriptThread.run { Self.exercise(seed, registry: registry) } != nil, "seed did not compile: \(seed)")
        }
    }
}
