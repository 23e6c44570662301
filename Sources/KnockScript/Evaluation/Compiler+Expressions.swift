import KnockCore

extension Compiler {
    func compileExpr(_ e: Expr) -> Eval {
        let loc = e.location
        switch e.kind {
        case .null: return { _ in .null }
        case .bool(let b): let v = Value.bool(b); return { _ in v }
        case .int(let n): let v = Value.int(n); return { _ in v }
        case .double(let d): let v = Value.double(d); return { _ in v }
        case .duration(let d): let v = Value.duration(d); return { _ in v }
        case .string(let s): let v = Value.string(s); return { _ in v }
        case .interpolated(let parts):
            let compiled: [Either] = parts.map {
                switch $0 {
                case .text(let t): return .text(t)
                case .expr(let x): return .eval(compileExpr(x))
                }
            }
            return { i in
                var s = ""
                for p in compiled {
                    switch p {
                    case .text(let t): s += t
                    case .eval(let f): s += try f(i).text
                    }
                    if s.utf8.count > Ops.maxStringBytes { throw Ops.tooLarge("string", at: loc) }
                }
                return .string(s)
            }
        case .variable(let name):
            return record(compileVariable(name, at: loc), e)
        case .field(let base, let name, let optional):
            if case .variable("env") = base.kind, resolve("env") == nil {
                return record({ _ in
                    if let v = Environment.get(name) { return .string(v) }
                    if optional { return .null }
                    throw ScriptError.runtime("the environment variable \(name) is not set", hint: "read it optionally with $env?.\(name) or env(\"\(name)\", \"default\")", at: loc)
                }, e)
            }
            let b = compileExpr(base)
            return record({ i in try Ops.field(try b(i), name, optional: optional, at: loc) }, e)
        case .index(let base, let index, let optional):
            let b = compileExpr(base)
            let x = compileExpr(index)
            let indexLoc = index.location
            return record({ i in try Ops.index(try b(i), try x(i), optional: optional, at: indexLoc) }, e)
        case .list(let items):
            let evals = items.map { compileExpr($0) }
            return { i in
                var out: [Value] = []
                out.reserveCapacity(evals.count)
                for f in evals {
                    let v = try f(i)
                    try v.checkNesting(at: loc)
                    out.append(v)
                }
                return .list(out)
            }
        case .record(let entries):
            let evals = entries.map { ($0.key, compileExpr($0.value)) }
            return { i in
                var r = Record(minimumCapacity: evals.count)
                for (k, f) in evals {
                    let v = try f(i)
                    try v.checkNesting(at: loc)
                    r[k] = v
                }
                return .record(r)
            }
        case .unary(let op, let operand):
            let x = compileExpr(operand)
            switch op {
            case .not: return record({ i in .bool(!(try x(i).isTruthy)) }, e)
            case .negate: return record({ i in try Ops.negate(try x(i), at: loc) }, e)
            }
        case .binary(let op, let lhs, let rhs):
            return record(compileBinary(op, lhs, rhs, at: loc), e)
        case .range(let lo, let hi, let inclusive):
            let a = compileExpr(lo), b = compileExpr(hi)
            return { i in
                let x = try a(i), y = try b(i)
                guard case .int(let l) = x, case .int(let u) = y else {
                    throw ScriptError.runtime("a range needs integer bounds, got \(x.typeName) and \(y.typeName)", at: loc)
                }
                if inclusive { return .range(ScriptRange(lower: l, upper: u)) }
                if u == Int.min { return .range(ScriptRange(lower: 0, upper: -1, exclusive: true)) }
                return .range(ScriptRange(lower: l, upper: u - 1, exclusive: true))
            }
        case .call(let name, let args):
            return record(compileCall(name, args.map { compileExpr($0) }, at: loc), e)
        case .command(let call):
            return record(compileCommand(call), e)
        case .pipe(let input, let stage):
            return record(compilePipe(input, stage, at: loc), e)
        case .itField(let name):
            guard let (depth, slot) = resolve("it") else {
                error("'\(name)' is a bare word outside a pipeline stage", at: loc)
                return { _ in .null }
            }
            return { i in try Ops.field(i.frame.ancestor(depth).slots[slot], name, optional: false, at: loc) }
        case .waitUntil(let condition, let within, let every):
            return compileWaitUntil(condition, within, every, at: loc)
        }
    }

    enum Either {
        case text(String)
        case eval(Eval)
    }

    /// Wraps an evaluation so an `expect` can show its value under the expression.
    func record(_ f: @escaping Eval, _ e: Expr) -> Eval {
        guard recording else { return f }
        // Binary and unary operators draw under their operator; everything else under its start.
        let anchor: Int
        switch e.kind {
        case .binary, .unary: anchor = e.location.offset
        default: anchor = e.start
        }
        let (line, column) = e.location.file.lineAndColumn(offset: anchor)
        let start = e.start
        return { i in
            let v = try f(i)
            i.recorder?.record(line: line, column: column, start: start, value: v)
            return v
        }
    }

    func compileVariable(_ name: String, at loc: SourceLocation) -> Eval {
        if let (depth, slot) = resolve(name) {
            switch depth {
            case 0: return { i in i.frame.slots[slot] }
            case 1: return { i in i.frame.parent!.slots[slot] }
            default: return { i in i.frame.ancestor(depth).slots[slot] }
            }
        }
        switch name {
        case "_": return { i in i.context.lastResult }
        case "env":
            return { _ in
                var r = Record()
                for (k, v) in Environment.all() { r[k] = .string(v) }
                return .record(r)
            }
        default:
            let visible = visibleNames
            return { i in try i.global(name, visible: visible, at: loc) }
        }
    }

    func compileBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, at loc: SourceLocation) -> Eval {
        let a = compileExpr(lhs), b = compileExpr(rhs)
        switch op {
        case .and:
            return { i in
                let x = try a(i)
                return x.isTruthy ? try b(i) : x
            }
        case .or:
            return { i in
                let x = try a(i)
                return x.isTruthy ? x : try b(i)
            }
        case .add:
            return { i in
                let x = try a(i), y = try b(i)
                if case .int(let p) = x, case .int(let q) = y {
                    let (r, o) = p.addingReportingOverflow(q)
                    if !o { return .int(r) }
                }
                return try Ops.add(x, y, at: loc)
            }
        case .subtract:
            return { i in
                let x = try a(i), y = try b(i)
                if case .int(let p) = x, case .int(let q) = y {
                    let (r, o) = p.subtractingReportingOverflow(q)
                    if !o { return .int(r) }
                }
                return try Ops.subtract(x, y, at: loc)
            }
        case .multiply:
            return { i in
                let x = try a(i), y = try b(i)
                if case .int(let p) = x, case .int(let q) = y {
                    let (r, o) = p.multipliedReportingOverflow(by: q)
                    if !o { return .int(r) }
                }
                return try Ops.multiply(x, y, at: loc)
            }
        case .divide: return { i in try Ops.divide(try a(i), try b(i), at: loc) }
        case .remainder: return { i in try Ops.remainder(try a(i), try b(i), at: loc) }
        case .less, .lessEqual, .greater, .greaterEqual:
            return { i in
                let x = try a(i), y = try b(i)
                let c: Int
                if case .int(let p) = x, case .int(let q) = y {
                    c = p < q ? -1 : (p == q ? 0 : 1)
                } else {
                    c = try Ops.compare(x, y, at: loc)
                }
                switch op {
                case .less: return .bool(c < 0)
                case .lessEqual: return .bool(c <= 0)
                case .greater: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        case .equal, .notEqual:
            let negate = op == .notEqual
            let keep = recording
            return { i in
                let x = try a(i), y = try b(i)
                if keep { i.recorder?.comparison = (x, y) }
                return .bool(Ops.equal(x, y) != negate)
            }
        case .in: return { i in .bool(try Ops.contains(try b(i), try a(i), at: loc)) }
        case .notIn: return { i in .bool(!(try Ops.contains(try b(i), try a(i), at: loc))) }
        case .contains: return { i in .bool(try Ops.contains(try a(i), try b(i), at: loc)) }
        case .matches:
            return { i in
                let x = try a(i), y = try b(i)
                guard case .string(let s) = x, case .string(let p) = y else {
                    throw ScriptError.runtime("'matches' needs a string and a pattern, got \(x.typeName) and \(y.typeName)", at: loc)
                }
                return .bool(s.contains(try i.regex(p, at: loc)))
            }
        case .startsWith, .endsWith:
            let starts = op == .startsWith
            return { i in
                let x = try a(i), y = try b(i)
                switch (x, y) {
                case (.string(let s), .string(let p)): return .bool(starts ? s.hasPrefix(p) : s.hasSuffix(p))
                case (.list(let l), .list(let p)): return .bool(starts ? l.starts(with: p, by: Ops.equal) : l.reversed().starts(with: p.reversed(), by: Ops.equal))
                default:
                    throw ScriptError.runtime("'\(op.rawValue)' needs two strings, got \(x.typeName) and \(y.typeName)", at: loc)
                }
            }
        }
    }

    func compileCall(_ name: String, _ args: [Eval], at loc: SourceLocation) -> Eval {
        if let (depth, slot) = resolve(name) {
            return { i in
                let callee = i.frame.ancestor(depth).slots[slot]
                guard case .function(let f) = callee else {
                    throw ScriptError.runtime("'\(name)' is a \(callee.typeName), not a function", at: loc)
                }
                var values: [Value] = []
                values.reserveCapacity(args.count)
                for a in args { values.append(try a(i)) }
                return try i.call(f, values, at: loc)
            }
        }
        guard let builtin = builtins.functions[name] else {
            var hint = "define it with fn \(name)(...) { ... }"
            if let close = Suggest.closest(to: name, in: Array(builtins.functions.keys) + visibleNames) { hint = "did you mean \(close)()? Or " + hint }
            error("unknown function '\(name)'", at: loc, hint: hint)
            return { _ in .null }
        }
        if !builtin.arity.contains(args.count) {
            error("\(name)() takes \(builtin.arityText), got \(args.count)", at: loc, hint: "usage: \(builtin.usage)")
        }
        let body = builtin.body
        return { i in
            var values: [Value] = []
            values.reserveCapacity(args.count)
            for a in args { values.append(try a(i)) }
            do {
                return try body(BuiltinCall(arguments: values, interpreter: i, location: loc))
            } catch let e as ScriptError {
                throw e.located(loc)
            }
        }
    }
}
