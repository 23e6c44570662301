import KnockCore

/// The state of one running script on one thread: the current frame, the execution context and
/// the bookkeeping that bounds a run (step budget, call depth, cancellation).
///
/// Compiled closures receive it on every call; nothing in it is shared between threads.
///
/// ```swift
/// let module = try Compiler.compile(program, builtins: .standard)
/// let interpreter = Interpreter(context: context)
/// try module.run(test: 0, in: interpreter)
/// ```
public final class Interpreter {
    var frame: Frame
    public let context: ExecutionContext
    var returnValue: Value = .null
    var callDepth = 0
    var ticks = 0
    var steps = 0
    /// Set while an `expect` or `wait until` evaluates, to capture sub-expression values.
    var recorder: PowerRecorder?
    var regexCache: [String: Regex<AnyRegexOutput>] = [:]

    static let maxCallDepth = 200

    public init(context: ExecutionContext) {
        self.context = context
        self.frame = Frame(count: 1, parent: nil)
    }

    /// Called by every loop iteration and function call; checks cancellation and the step budget
    /// every 1024 ticks so the hot path stays a counter increment.
    @inline(__always)
    func tick() throws {
        ticks &+= 1
        if ticks & 1023 == 0 { try checkpoint() }
    }

    func checkpoint() throws {
        steps += 1024
        if let budget = context.stepBudget, steps > budget {
            throw ScriptError(.budget, "the script ran out of its step budget (\(budget) steps)")
        }
        if let reason = context.cancellation.reason { throw Self.error(for: reason) }
    }

    /// The error that stops a script for this reason; commands that notice a cancellation
    /// (a wait between polls, an interrupted HTTP call) throw it too, so every stop reads alike.
    public static func error(for reason: CancellationFlag.Reason) -> ScriptError {
        switch reason {
        case .timedOut: return ScriptError(.timeout, "the test timed out")
        case .interrupted: return ScriptError(.cancelled, "interrupted")
        case .stopped: return ScriptError(.cancelled, "stopped")
        }
    }

    func regex(_ pattern: String, at location: SourceLocation) throws -> Regex<AnyRegexOutput> {
        if let r = regexCache[pattern] { return r }
        do {
            let r = try Regex(pattern)
            regexCache[pattern] = r
            return r
        } catch {
            throw ScriptError.runtime("invalid regular expression \(Value.string(pattern).literal): \(error)", at: location)
        }
    }

    /// Calls a function value with arguments, in a fresh frame whose parent is its closure.
    func call(_ function: FunctionValue, _ arguments: [Value], at location: SourceLocation) throws -> Value {
        let t = function.template
        guard arguments.count == t.parameters.count else {
            throw ScriptError.runtime("\(t.name) takes \(t.parameters.count) argument\(t.parameters.count == 1 ? "" : "s") (\(t.parameters.joined(separator: ", "))), got \(arguments.count)", at: location)
        }
        guard callDepth < Self.maxCallDepth else {
            throw ScriptError.runtime("too much recursion (more than \(Self.maxCallDepth) nested calls)", hint: "check the function's stop condition", at: location)
        }
        try tick()
        let newFrame = Frame(count: t.slotCount, parent: function.closure)
        for (i, a) in arguments.enumerated() { newFrame.slots[i] = a }
        let saved = frame
        frame = newFrame
        callDepth += 1
        defer {
            frame = saved
            callDepth -= 1
        }
        if try t.body(self) == .returned {
            let v = returnValue
            returnValue = .null
            return v
        }
        return .null
    }

    /// Reads a `--var` variable, or fails naming what is defined.
    func global(_ name: String, visible: [String], at location: SourceLocation) throws -> Value {
        if let v = context.variables[name] { return v }
        let candidates = visible + Array(context.variables.keys)
        var hint = "declare it with 'let \(name) = ...' or pass --var \(name)=VALUE"
        if let close = Suggest.closest(to: name, in: candidates) { hint = "did you mean $\(close)? " + hint }
        throw ScriptError.runtime("undefined variable $\(name)", hint: hint, at: location)
    }
}
