/// Runs one test of a compiled module: the file's top level in a fresh frame, then setup, the
/// body, and teardown (always, even after a failure).
extension CompiledModule {
    public func run(test index: Int, context: ExecutionContext) -> (TestStatus, ScriptError?) {
        let interpreter = Interpreter(context: context)
        let moduleFrame = Frame(count: slotCount, parent: nil)
        interpreter.frame = moduleFrame
        var failure: ScriptError?
        do {
            _ = try topLevel(interpreter)
        } catch {
            return Self.outcome(Self.scriptError(error))
        }
        let test = tests[index]
        interpreter.frame = Frame(count: test.slotCount, parent: moduleFrame)
        do {
            if try test.setup(interpreter) == .normal {
                _ = try test.body(interpreter)
            }
        } catch {
            failure = Self.scriptError(error)
        }
        if test.hasTeardown {
            interpreter.recorder = nil
            do {
                _ = try test.teardown(interpreter)
            } catch {
                var e = Self.scriptError(error)
                if var first = failure {
                    first.notes.append("teardown also failed: \(e.description)")
                    failure = first
                } else {
                    e.message = "teardown: " + e.message
                    failure = e
                }
            }
        }
        return Self.outcome(failure)
    }

    static func scriptError(_ error: any Error) -> ScriptError {
        if let e = error as? ScriptError { return e }
        return ScriptError.runtime("\(error)")
    }

    static func outcome(_ error: ScriptError?) -> (TestStatus, ScriptError?) {
        guard let error else { return (.passed, nil) }
        switch error.kind {
        case .failure: return (.failed, error)
        case .skipped: return (.skipped, error)
        default: return (.errored, error)
        }
    }
}
