/// A compact S-expression rendering of the tree, for tests and debugging.
///
/// ```swift
/// let p = try Parser.parse(SourceFile(path: "-", text: "let x = 1 + 2 * 3"))
/// p.statements[0].sexpr     // (let x (+ 1 (* 2 3)))
/// ```
extension Expr {
    public var sexpr: String {
        switch kind {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .duration(let d): return d.description
        case .string(let s): return Value.string(s).literal
        case .interpolated(let parts):
            return "(str " + parts.map {
                switch $0 {
                case .text(let t): return Value.string(t).literal
                case .expr(let e): return e.sexpr
                }
            }.joined(separator: " ") + ")"
        case .variable(let v): return "$" + v
        case .field(let b, let f, let o): return "(\(o ? "?." : ".") \(b.sexpr) \(f))"
        case .index(let b, let i, _): return "(at \(b.sexpr) \(i.sexpr))"
        case .list(let items): return "[" + items.map(\.sexpr).joined(separator: " ") + "]"
        case .record(let entries): return "{" + entries.map { "\($0.key): \($0.value.sexpr)" }.joined(separator: ", ") + "}"
        case .unary(let op, let e): return "(\(op.rawValue) \(e.sexpr))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(a.sexpr) \(b.sexpr))"
        case .range(let a, let b, let inclusive): return "(\(inclusive ? ".." : "..<") \(a.sexpr) \(b.sexpr))"
        case .call(let name, let args): return "(call \(name)" + args.map { " " + $0.sexpr }.joined() + ")"
        case .command(let c):
            var s = "(cmd"
            for a in c.arguments { s += " " + (a.bareWord ?? a.value.sexpr) }
            for o in c.options { s += " --\(o.name)" + (o.value.map { "=" + $0.sexpr } ?? "") }
            if let b = c.body { s += " body=" + b.sexpr }
            return s + ")"
        case .pipe(let input, let stage):
            switch stage {
            case .each(let name, let e): return "(| \(input.sexpr) \(name) \(e.sexpr))"
            case .function(let name, let args): return "(| \(input.sexpr) \(name)" + args.map { " " + $0.sexpr }.joined() + ")"
            }
        case .itField(let f): return "it." + f
        case .waitUntil(let c, let w, let e):
            return "(wait-until \(c.sexpr)" + (w.map { " within=" + $0.sexpr } ?? "") + (e.map { " every=" + $0.sexpr } ?? "") + ")"
        }
    }
}

extension Block {
    public var sexpr: String { "{" + statements.map(\.sexpr).joined(separator: " ") + "}" }
}

extension Statement {
    public var sexpr: String {
        switch kind {
        case .let(let n, let e): return "(let \(n) \(e.sexpr))"
        case .assign(let n, let path, let op, let e):
            let p = path.map {
                switch $0 {
                case .field(let f): return "." + f
                case .index(let i): return "[\(i.sexpr)]"
                }
            }.joined()
            return "(\(op.rawValue) \(n)\(p) \(e.sexpr))"
        case .expression(let e): return e.sexpr
        case .if(let branches, let otherwise):
            return "(if" + branches.map { " \($0.condition.sexpr) \($0.body.sexpr)" }.joined() + (otherwise.map { " else \($0.sexpr)" } ?? "") + ")"
        case .for(let a, let b, let e, let body): return "(for \(a)\(b.map { "," + $0 } ?? "") \(e.sexpr) \(body.sexpr))"
        case .while(let c, let b): return "(while \(c.sexpr) \(b.sexpr))"
        case .repeat(let c, let b): return "(repeat \(c.sexpr) \(b.sexpr))"
        case .break: return "(break)"
        case .continue: return "(continue)"
        case .return(let e): return "(return" + (e.map { " " + $0.sexpr } ?? "") + ")"
        case .function(let f): return "(fn \(f.name) (\(f.parameters.joined(separator: " "))) \(f.body.sexpr))"
        case .import(let p): return "(import \(Value.string(p).literal))"
        case .test(let n, let b): return "(test \(Value.string(n).literal) \(b.sexpr))"
        case .setup(let b): return "(setup \(b.sexpr))"
        case .teardown(let b): return "(teardown \(b.sexpr))"
        case .expect(let e, let m): return "(expect \(e.sexpr)" + (m.map { " else " + $0.sexpr } ?? "") + ")"
        case .expectError(let m, let b): return "(expect-error" + (m.map { " " + $0.sexpr } ?? "") + " \(b.sexpr))"
        case .try(let b, let n, let h): return "(try \(b.sexpr) catch\(n.map { " " + $0 } ?? "") \(h.sexpr))"
        case .block(let b): return b.sexpr
        }
    }
}
