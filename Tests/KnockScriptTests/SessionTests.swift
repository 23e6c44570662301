import Testing
@testable import KnockScript

@Suite struct SessionTests {
    @Test func variablesAndFunctionsPersistAcrossInputs() throws {
        try ScriptThread.run { () throws -> Void in
            let output = BufferedOutput()
            let session = ScriptSession(context: ExecutionContext(registry: .standard(), output: output))
            #expect(try session.run("let x = 20") == nil)
            #expect(try session.run("fn double(n) { return $n * 2 }") == nil)
            let v = try session.run("double($x) + 2")
            #expect(v.map { Ops.equal($0, .int(42)) } == true)
            try session.run("x += 1\nprint $x")
            #expect(output.text == "21\n")
            #expect(throws: ParseErrors.self) { try session.run("let = 1") }
            #expect(throws: ScriptError.self) { try session.run("print $x.nope") }
            // The session survives errors.
            let after = try session.run("$x")
            #expect(after.map { Ops.equal($0, .int(21)) } == true)
        }.get()
    }

    @Test func completeness() {
        let session = ScriptSession(context: ExecutionContext(registry: .standard()))
        #expect(session.isComplete("print 1"))
        #expect(!session.isComplete("if true {"))
        #expect(!session.isComplete("let x = \"open"))
        #expect(!session.isComplete("let xs = $a |"))
        #expect(!session.isComplete("let n = 1 +"))
        #expect(session.isComplete("}"))
    }
}

extension ScriptThread {
    /// Runs a throwing body on a big-stack thread and hands back its result.
    static func run<T>(_ body: @escaping () throws -> T) -> Result<T, any Error> {
        run { () -> Result<T, any Error> in Result { try body() } }
    }
}
