import KnockCore

extension Compiler {
    /// Compiles a statement list in the current scope. `fn` declarations are hoisted: declared
    /// and created before the other statements run, so functions can call each other.
    func compileStatements(_ statements: [Statement], hoistInto _: BlockScope) -> Exec {
        // Function names are declared first so functions can call each other; bodies compile in
        // textual order so they see the variables declared above them; and creating the function
        // values runs before anything else in the block.
        var declared = Set<String>()
        for s in statements {
            if case .function(let f) = s.kind {
                if !declared.insert(f.name).inserted {
                    error("the function \(f.name) is declared twice in this block", at: s.location)
                }
                _ = declare(f.name)
            }
        }
        var hoisted: [Exec] = []
        var rest: [Exec] = []
        for s in statements {
            if case .function = s.kind { hoisted.append(compileStatement(s)) } else { rest.append(compileStatement(s)) }
        }
        let execs = hoisted + rest
        switch execs.count {
        case 0: return { _ in .normal }
        case 1: return execs[0]
        case 2:
            let a = execs[0], b = execs[1]
            return { i in
                let f = try a(i)
                if f != .normal { return f }
                return try b(i)
            }
        default:
            return { i in
                for e in execs {
                    let f = try e(i)
                    if f != .normal { return f }
                }
                return .normal
            }
        }
    }

    func compileBlock(_ block: Block) -> Exec {
        pushBlock()
        defer { popBlock() }
        return compileStatements(block.statements, hoistInto: scope)
    }

    func compileStatement(_ s: Statement) -> Exec {
        let loc = s.location
        switch s.kind {
        case .let(let name, let value):
            let v = compileExpr(value)
            let slot = declare(name)
            return { i in
                i.frame.slots[slot] = try v(i)
                return .normal
            }
        case .assign(let name, let path, let op, let value):
            return compileAssignment(name, path, op, value, at: loc)
        case .expression(let e):
            let v = compileExpr(e)
            return { i in
                _ = try v(i)
                return .normal
            }
        case .if(let branches, let otherwise):
            let conditions = branches.map { compileExpr($0.condition) }
            let bodies = branches.map { compileBlock($0.body) }
            let elseBody = otherwise.map { compileBlock($0) }
            if conditions.count == 1 {
                let c = conditions[0], b = bodies[0]
                return { i in
                    if try c(i).isTruthy { return try b(i) }
                    return try elseBody?(i) ?? .normal
                }
            }
            return { i in
                for (n, c) in conditions.enumerated() where try c(i).isTruthy {
                    return try bodies[n](i)
                }
                return try elseBody?(i) ?? .normal
            }
        case .for(let first, let second, let iterable, let body):
            return compileFor(first, second, iterable, body, at: loc)
        case .while(let condition, let body):
            let c = compileExpr(condition)
            scope.function.loopDepth += 1
            let b = compileBlock(body)
            scope.function.loopDepth -= 1
            return { i in
                while try c(i).isTruthy {
                    try i.tick()
                    let f = try b(i)
                    if f == .breakLoop { break }
                    if f == .returned { return f }
                }
                return .normal
            }
        case .repeat(let count, let body):
            let c = compileExpr(count)
            scope.function.loopDepth += 1
            let b = compileBlock(body)
            scope.function.loopDepth -= 1
            return { i in
                let n = try c(i)
                guard case .int(let times) = n else {
                    throw ScriptError.runtime("repeat needs an integer count, got \(n.typeName) \(n.literal(limit: 40))", at: loc)
                }
                var k = 0
                while k < times {
                    try i.tick()
                    let f = try b(i)
                    if f == .breakLoop { break }
                    if f == .returned { return f }
                    k += 1
                }
                return .normal
            }
        case .break, .continue:
            let isBreak: Bool
            if case .break = s.kind { isBreak = true } else { isBreak = false }
            if scope.function.loopDepth == 0 {
                error("'\(isBreak ? "break" : "continue")' outside of a loop", at: loc)
            }
            return isBreak ? { _ in .breakLoop } : { _ in .continueLoop }
        case .return(let value):
            let v = value.map { compileExpr($0) }
            return { i in
                i.returnValue = try v?(i) ?? .null
                return .returned
            }
        case .function(let f):
            return compileFunction(f, at: loc)
        case .import:
            error("'import' is only allowed at the top of a file", at: loc)
            return { _ in .normal }
        case .test, .setup, .teardown:
            error("test, setup and teardown blocks belong at the top level of a file", at: loc)
            return { _ in .normal }
        case .expect(let condition, let message):
            return compileExpect(condition, message, at: loc)
        case .expectError(let matcher, let body):
            return compileExpectError(matcher, body, at: loc)
        case .try(let body, let name, let handler):
            let b = compileBlock(body)
            pushBlock()
            let slot = name.map { declare($0) }
            let h = compileStatements(handler.statements, hoistInto: scope)
            popBlock()
            return { i in
                do {
                    return try b(i)
                } catch let e as ScriptError where e.isCatchable {
                    if let slot { i.frame.slots[slot] = e.record }
                    return try h(i)
                }
            }
        case .block(let b):
            return compileBlock(b)
        }
    }

    func compileFunction(_ f: FunctionDeclaration, at loc: SourceLocation) -> Exec {
        // The name was declared when the block hoisted it.
        let slot = scope.names[f.name] ?? declare(f.name)
        let template = FunctionTemplate(name: f.name, parameters: f.parameters, location: loc)
        let function = pushFunction()
        for p in f.parameters { _ = declare(p) }
        let savedRecording = recording
        recording = false
        template.body = compileStatements(f.body.statements, hoistInto: scope)
        recording = savedRecording
        template.slotCount = function.slotCount
        popFunction()
        return { i in
            i.frame.slots[slot] = .function(FunctionValue(template: template, closure: i.frame))
            return .normal
        }
    }

    func compileFor(_ first: String, _ second: String?, _ iterable: Expr, _ body: Block, at loc: SourceLocation) -> Exec {
        let source = compileExpr(iterable)
        pushBlock()
        let a = declare(first)
        let b = second.map { declare($0) }
        scope.function.loopDepth += 1
        let run = compileStatements(body.statements, hoistInto: scope)
        scope.function.loopDepth -= 1
        popBlock()
        return { i in
            let value = try source(i)
            switch value {
            case .range(let r):
                guard r.lower <= r.upper else { return .normal }
                var n = r.lower
                var index = 0
                while true {
                    try i.tick()
                    if let b {
                        i.frame.slots[a] = .int(index)
                        i.frame.slots[b] = .int(n)
                    } else {
                        i.frame.slots[a] = .int(n)
                    }
                    let f = try run(i)
                    if f == .breakLoop { break }
                    if f == .returned { return f }
                    if n == r.upper { break }
                    n += 1
                    index += 1
                }
            case .list(let items):
                for (index, item) in items.enumerated() {
                    try i.tick()
                    if let b {
                        i.frame.slots[a] = .int(index)
                        i.frame.slots[b] = item
                    } else {
                        i.frame.slots[a] = item
                    }
                    let f = try run(i)
                    if f == .breakLoop { break }
                    if f == .returned { return f }
                }
            case .record(let r):
                for (key, item) in r {
                    try i.tick()
                    i.frame.slots[a] = .string(key)
                    if let b { i.frame.slots[b] = item }
                    let f = try run(i)
                    if f == .breakLoop { break }
                    if f == .returned { return f }
                }
            case .string(let s):
                for (index, ch) in s.enumerated() {
                    try i.tick()
                    if let b {
                        i.frame.slots[a] = .int(index)
                        i.frame.slots[b] = .string(String(ch))
                    } else {
                        i.frame.slots[a] = .string(String(ch))
                    }
                    let f = try run(i)
                    if f == .breakLoop { break }
                    if f == .returned { return f }
                }
            default:
                throw ScriptError.runtime("cannot loop over a \(value.typeName)", hint: "for loops take a list, a record, a string or a range like 1..10", at: iterable.location)
            }
            return .normal
        }
    }

    func compileAssignment(_ name: String, _ path: [PathStep], _ op: AssignOperator, _ value: Expr, at loc: SourceLocation) -> Exec {
        let v = compileExpr(value)
        guard let (depth, slot) = resolve(name) else {
            var hint = "declare it first: let \(name) = ..."
            if let close = Suggest.closest(to: name, in: visibleNames) { hint = "did you mean '\(close)'? Or " + hint }
            error("cannot assign to '\(name)': it is not declared", at: loc, hint: hint)
            return { _ in .normal }
        }
        let steps: [CompiledPathStep] = path.map {
            switch $0 {
            case .field(let f): return .field(f)
            case .index(let e): return .index(compileExpr(e), e.location)
            }
        }
        if steps.isEmpty && op == .set && depth == 0 {
            // The common `x = value` in a loop: one store, nothing else.
            return { i in
                i.frame.slots[slot] = try v(i)
                return .normal
            }
        }
        return { i in
            let frame = i.frame.ancestor(depth)
            var newValue = try v(i)
            if op != .set || !steps.isEmpty {
                var current = frame.slots[slot]
                if op != .set {
                    let old = try Paths.read(current, steps, i, at: loc)
                    newValue = op == .add ? try Ops.add(old, newValue, at: loc) : try Ops.subtract(old, newValue, at: loc)
                }
                if steps.isEmpty {
                    frame.slots[slot] = newValue
                } else {
                    try newValue.checkNesting(at: loc)
                    // Take the value out of the slot so the update below mutates it in place.
                    frame.slots[slot] = .null
                    try Paths.write(&current, steps[...], newValue, i, at: loc)
                    frame.slots[slot] = current
                }
            } else {
                frame.slots[slot] = newValue
            }
            return .normal
        }
    }
}
