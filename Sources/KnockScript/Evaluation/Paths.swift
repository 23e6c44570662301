import KnockCore

enum CompiledPathStep {
    case field(String)
    case index(Eval, SourceLocation)
}

/// Reading and writing `x.a[0].b` for assignments.
enum Paths {
    static func read(_ value: Value, _ steps: [CompiledPathStep], _ i: Interpreter, at loc: SourceLocation) throws -> Value {
        var v = value
        for step in steps {
            switch step {
            case .field(let f): v = try Ops.field(v, f, optional: false, at: loc)
            case .index(let e, let l): v = try Ops.index(v, try e(i), optional: false, at: l)
            }
        }
        return v
    }

    static func write(_ target: inout Value, _ steps: ArraySlice<CompiledPathStep>, _ newValue: Value, _ i: Interpreter, at loc: SourceLocation) throws {
        guard let step = steps.first else {
            target = newValue
            return
        }
        switch step {
        case .field(let f):
            guard case .record(var r) = target else {
                throw ScriptError.runtime("cannot set field '\(f)' on a \(target.typeName)", at: loc)
            }
            target = .null
            var child = r[f] ?? .null
            // Overwriting an existing key keeps its position; dropping our reference avoids a copy.
            if r.index(forKey: f) != nil { r[f] = .null } else if steps.count > 1 { child = .record([:]) }
            try write(&child, steps.dropFirst(), newValue, i, at: loc)
            r[f] = child
            target = .record(r)
        case .index(let e, let l):
            let idx = try e(i)
            switch (target, idx) {
            case (.list(var items), .int(let n)):
                let k = n < 0 ? items.count + n : n
                guard k >= 0, k < items.count else {
                    throw ScriptError.runtime("index \(n) is out of range for a list of \(items.count)", at: l)
                }
                target = .null
                var child = items[k]
                items[k] = .null
                try write(&child, steps.dropFirst(), newValue, i, at: loc)
                items[k] = child
                target = .list(items)
            case (.record, .string(let key)):
                var rest = Array(steps.dropFirst())
                rest.insert(.field(key), at: 0)
                try write(&target, rest[...], newValue, i, at: loc)
            default:
                throw ScriptError.runtime("cannot index a \(target.typeName) with a \(idx.typeName)", at: l)
            }
        }
    }
}
