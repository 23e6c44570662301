import KnockCore

extension Builtins {
    mutating func addNumbers() {
        add("int", 1...1, "int(x)", "An integer from a number (truncated), a numeric string or a bool") { c in
            switch c[0] {
            case .int: return c[0]
            case .double(let d):
                guard d.isFinite, abs(d) < 9.2e18 else { throw ScriptError.runtime("\(d) does not fit in an integer", at: c.location) }
                return .int(Int(d))
            case .string(let s):
                if let n = Int(s.trimmingSpaces) { return .int(n) }
                throw ScriptError.runtime("\(Value.string(s).literal) is not an integer", at: c.location)
            case .bool(let b): return .int(b ? 1 : 0)
            case .duration(let d): return .int(d.milliseconds)
            default: throw c.wrongType(0, "a number or numeric string")
            }
        }
        add("float", 1...1, "float(x)", "A float from a number or numeric string") { c in
            switch c[0] {
            case .int(let n): return .double(Double(n))
            case .double: return c[0]
            case .string(let s):
                if let d = Double(s.trimmingSpaces) { return .double(d) }
                throw ScriptError.runtime("\(Value.string(s).literal) is not a number", at: c.location)
            default: throw c.wrongType(0, "a number or numeric string")
            }
        }
        add("abs", 1...1, "abs(x)", "Absolute value") { c in
            switch c[0] {
            case .int(let n):
                guard n != Int.min else { throw Ops.overflow(at: c.location) }
                return .int(abs(n))
            case .double(let d): return .double(abs(d))
            case .duration(let d): return .duration(KnockDuration(milliseconds: abs(d.milliseconds)))
            default: throw c.wrongType(0, "a number")
            }
        }
        add("round", 1...2, "round(x, digits)", "Rounded to the nearest integer, or to digits decimals") { c in
            let d = try c.number(0)
            if c.arguments.count == 2 {
                let p = Double.pow10(try c.int(1))
                return .double((d * p).rounded() / p)
            }
            let r = d.rounded()
            guard r.isFinite, abs(r) < 9.2e18 else { throw ScriptError.runtime("\(d) does not fit in an integer", at: c.location) }
            return .int(Int(r))
        }
        add("floor", 1...1, "floor(x)", "The integer at or below x") { c in
            let r = try c.number(0).rounded(.down)
            guard r.isFinite, abs(r) < 9.2e18 else { throw ScriptError.runtime("out of integer range", at: c.location) }
            return .int(Int(r))
        }
        add("ceil", 1...1, "ceil(x)", "The integer at or above x") { c in
            let r = try c.number(0).rounded(.up)
            guard r.isFinite, abs(r) < 9.2e18 else { throw ScriptError.runtime("out of integer range", at: c.location) }
            return .int(Int(r))
        }
        add("min", 1...16, "min(list) or min(a, b, ...)", "The smallest value") { c in
            let items = c.arguments.count == 1 ? try c.list(0) : c.arguments
            guard var best = items.first else { return .null }
            for v in items.dropFirst() where try Ops.compare(v, best, at: c.location) < 0 { best = v }
            return best
        }
        add("max", 1...16, "max(list) or max(a, b, ...)", "The largest value") { c in
            let items = c.arguments.count == 1 ? try c.list(0) : c.arguments
            guard var best = items.first else { return .null }
            for v in items.dropFirst() where try Ops.compare(v, best, at: c.location) > 0 { best = v }
            return best
        }
        add("sum", 1...1, "sum(list)", "The sum of numbers (or durations); 0 for an empty list") { c in
            var total: Value = .int(0)
            for (n, v) in try c.list(0).enumerated() { total = n == 0 ? v : try Ops.add(total, v, at: c.location) }
            return total
        }
        add("ms", 1...1, "ms(duration)", "A duration in milliseconds, as an integer") { c in
            guard case .duration(let d) = c[0] else { throw c.wrongType(0, "a duration") }
            return .int(d.milliseconds)
        }
        add("seconds", 1...1, "seconds(duration)", "A duration in seconds, as a float") { c in
            guard case .duration(let d) = c[0] else { throw c.wrongType(0, "a duration") }
            return .double(d.seconds)
        }
        add("duration", 1...1, "duration(x)", "A duration from text (\"1m30s\") or milliseconds") { c in
            switch c[0] {
            case .duration: return c[0]
            case .int(let n): return .duration(KnockDuration(milliseconds: n))
            case .string(let s):
                guard let d = KnockDuration(parsing: s) else {
                    throw ScriptError.runtime("\(Value.string(s).literal) is not a duration", hint: "durations look like 250ms, 5s, 1m30s", at: c.location)
                }
                return .duration(d)
            default: throw c.wrongType(0, "a string or integer")
            }
        }
    }
}

extension Double {
    static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<min(abs(n), 308) { p *= 10 }
        return n < 0 ? 1 / p : p
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
