import KnockCore

/// The semantics of the operators, outside the compiler's fast paths: arithmetic with overflow
/// checks, structural equality, ordering, membership, field and index access.
enum Ops {
    /// Bounds that keep a runaway script from exhausting memory (doubling a list in a loop).
    static let maxListCount = 10_000_000
    static let maxStringBytes = 64 * 1024 * 1024

    static func tooLarge(_ what: String, at loc: SourceLocation) -> ScriptError {
        ScriptError.runtime("the \(what) would grow too large", at: loc)
    }

    static func typeError(_ op: String, _ a: Value, _ b: Value, at loc: SourceLocation, hint: String? = nil) -> ScriptError {
        ScriptError.runtime("cannot apply '\(op)' to \(a.typeName) \(a.literal(limit: 30)) and \(b.typeName) \(b.literal(limit: 30))", hint: hint, at: loc)
    }

    static func overflow(at loc: SourceLocation) -> ScriptError {
        ScriptError.runtime("integer overflow", hint: "integers are 64-bit; convert with float() for larger numbers", at: loc)
    }

    static func add(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow(at: loc) }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.int(let x), .double(let y)): return .double(Double(x) + y)
        case (.double(let x), .int(let y)): return .double(x + Double(y))
        case (.string(let x), .string(let y)):
            guard x.utf8.count + y.utf8.count <= maxStringBytes else { throw tooLarge("string", at: loc) }
            return .string(x + y)
        case (.list(let x), .list(let y)):
            guard x.count + y.count <= maxListCount else { throw tooLarge("list", at: loc) }
            return .list(x + y)
        case (.record(var x), .record(let y)):
            for (k, v) in y { x[k] = v }
            return .record(x)
        case (.duration(let x), .duration(let y)):
            let (r, o) = x.milliseconds.addingReportingOverflow(y.milliseconds)
            if o { throw overflow(at: loc) }
            return .duration(KnockDuration(milliseconds: r))
        case (.string, _), (_, .string):
            throw typeError("+", a, b, at: loc, hint: "build text with interpolation: \"text $x\" or \"$(expression)\"")
        default: throw typeError("+", a, b, at: loc)
        }
    }

    static func subtract(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow(at: loc) }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.int(let x), .double(let y)): return .double(Double(x) - y)
        case (.double(let x), .int(let y)): return .double(x - Double(y))
        case (.duration(let x), .duration(let y)):
            let (r, o) = x.milliseconds.subtractingReportingOverflow(y.milliseconds)
            if o { throw overflow(at: loc) }
            return .duration(KnockDuration(milliseconds: r))
        default: throw typeError("-", a, b, at: loc)
        }
    }

    static func multiply(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow(at: loc) }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x * y)
        case (.int(let x), .double(let y)): return .double(Double(x) * y)
        case (.double(let x), .int(let y)): return .double(x * Double(y))
        case (.duration(let d), .int(let n)), (.int(let n), .duration(let d)):
            let (r, o) = d.milliseconds.multipliedReportingOverflow(by: n)
            if o { throw overflow(at: loc) }
            return .duration(KnockDuration(milliseconds: r))
        case (.string(let s), .int(let n)):
            guard n >= 0, !n.multipliedReportingOverflow(by: max(1, s.utf8.count)).overflow, n * max(1, s.utf8.count) <= maxStringBytes else {
                throw ScriptError.runtime("cannot repeat a string \(n) times", at: loc)
            }
            return .string(String(repeating: s, count: n))
        default: throw typeError("*", a, b, at: loc)
        }
    }

    static func divide(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.int, .int(0)), (.duration, .int(0)):
            throw ScriptError.runtime("division by zero", at: loc)
        case (.int(let x), .int(let y)):
            if x == Int.min && y == -1 { throw overflow(at: loc) }
            // Exact quotients stay integers; others become floats (7 / 2 == 3.5).
            return x % y == 0 ? .int(x / y) : .double(Double(x) / Double(y))
        case (.double(let x), .double(let y)): return .double(x / y)
        case (.int(let x), .double(let y)): return .double(Double(x) / y)
        case (.double(let x), .int(let y)): return .double(x / Double(y))
        case (.duration(let d), .int(let n)):
            if d.milliseconds == Int.min && n == -1 { throw overflow(at: loc) }
            return .duration(KnockDuration(milliseconds: d.milliseconds / n))
        case (.duration(let x), .duration(let y)):
            if y.milliseconds == 0 { throw ScriptError.runtime("division by zero", at: loc) }
            return .double(Double(x.milliseconds) / Double(y.milliseconds))
        default: throw typeError("/", a, b, at: loc)
        }
    }

    static func remainder(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.int, .int(0)): throw ScriptError.runtime("division by zero", at: loc)
        case (.int(let x), .int(let y)):
            if y == -1 { return .int(0) }
            return .int(x % y)
        case (.double(let x), .double(let y)): return .double(x.truncatingRemainder(dividingBy: y))
        case (.int(let x), .double(let y)): return .double(Double(x).truncatingRemainder(dividingBy: y))
        case (.double(let x), .int(let y)): return .double(x.truncatingRemainder(dividingBy: Double(y)))
        default: throw typeError("%", a, b, at: loc)
        }
    }

    static func negate(_ a: Value, at loc: SourceLocation) throws -> Value {
        switch a {
        case .int(let x):
            if x == Int.min { throw overflow(at: loc) }
            return .int(-x)
        case .double(let x): return .double(-x)
        case .duration(let d):
            if d.milliseconds == Int.min { throw overflow(at: loc) }
            return .duration(KnockDuration(milliseconds: -d.milliseconds))
        default:
            throw ScriptError.runtime("cannot negate a \(a.typeName)", at: loc)
        }
    }

    /// Structural equality; 1 == 1.0; records compare keys and values regardless of order.
    static func equal(_ a: Value, _ b: Value) -> Bool { equal(a, b, depth: 0) }

    static func equal(_ a: Value, _ b: Value, depth: Int) -> Bool {
        // Past any sensible nesting, give up rather than exhaust the stack.
        if depth > 10_000 { return false }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y && Double(x) < 9.3e18
        case (.string(let x), .string(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.range(let x), .range(let y)): return x.lower == y.lower && x.upper == y.upper
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1, depth: depth + 1) }
        case (.record(let x), .record(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let w = y[k], equal(v, w, depth: depth + 1) else { return false }
            }
            return true
        case (.function(let x), .function(let y)): return x === y
        default: return false
        }
    }

    /// Ordering for `<`, `sort` and `sort-by`: numbers, strings, durations, and lists element-wise.
    static func compare(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Int {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.double(let x), .double(let y)): return sign(x, y)
        case (.int(let x), .double(let y)): return sign(Double(x), y)
        case (.double(let x), .int(let y)): return sign(x, Double(y))
        case (.string(let x), .string(let y)): return sign(x, y)
        case (.duration(let x), .duration(let y)): return sign(x, y)
        case (.bool(let x), .bool(let y)): return sign(x ? 1 : 0, y ? 1 : 0)
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                let c = try compare(p, q, at: loc)
                if c != 0 { return c }
            }
            return sign(x.count, y.count)
        default:
            throw ScriptError.runtime("cannot compare \(a.typeName) \(a.literal(limit: 30)) with \(b.typeName) \(b.literal(limit: 30))", at: loc)
        }
    }

    static func stableSort(_ items: [(Value, Value)], at loc: SourceLocation) throws -> [(Value, Value)] {
        var failure: ScriptError?
        let indexed = items.enumerated().map { ($0.offset, $0.element) }
        let sorted = indexed.sorted { l, r in
            if failure != nil { return false }
            do {
                let c = try compare(l.1.0, r.1.0, at: loc)
                return c != 0 ? c < 0 : l.0 < r.0
            } catch let e as ScriptError {
                failure = e
                return false
            } catch {
                return false
            }
        }
        if let failure { throw failure }
        return sorted.map(\.1)
    }

    /// `container contains item` (and `item in container`).
    static func contains(_ container: Value, _ item: Value, at loc: SourceLocation) throws -> Bool {
        switch (container, item) {
        case (.string(let s), .string(let t)): return t.isEmpty || s.contains(t)
        case (.list(let l), _): return l.contains { equal($0, item) }
        case (.record(let r), .string(let k)): return r[k] != nil
        case (.range(let r), .int(let n)): return n >= r.lower && n <= r.upper
        default:
            throw ScriptError.runtime("cannot look for a \(item.typeName) in a \(container.typeName)", hint: "'contains' works on strings, lists, records (keys) and ranges", at: loc)
        }
    }

    static func field(_ v: Value, _ name: String, optional: Bool, at loc: SourceLocation) throws -> Value {
        switch v {
        case .record(let r):
            if let x = r[name] { return x }
            if optional { return .null }
            var hint = r.isEmpty ? "the record is empty" : "fields: " + r.keys.prefix(15).joined(separator: ", ") + (r.count > 15 ? ", …" : "")
            if let close = Suggest.closest(to: name, in: r.keys) { hint = "did you mean '\(close)'? " + hint }
            throw ScriptError.runtime("the record has no field '\(name)'", hint: hint + "; read it optionally with ?.\(name)", at: loc)
        case .null where optional:
            return .null
        default:
            if optional { return .null }
            throw ScriptError.runtime("cannot read field '\(name)' of \(v.typeName) \(v.literal(limit: 40))", hint: v.typeName == "null" ? "read it optionally with ?.\(name)" : nil, at: loc)
        }
    }

    static func index(_ v: Value, _ i: Value, optional: Bool, at loc: SourceLocation) throws -> Value {
        switch (v, i) {
        case (.list(let l), .int(let n)):
            let k = n < 0 ? l.count + n : n
            if k >= 0 && k < l.count { return l[k] }
            if optional { return .null }
            throw ScriptError.runtime("index \(n) is out of range for a list of \(l.count) item\(l.count == 1 ? "" : "s")", at: loc)
        case (.string(let s), .int(let n)):
            let chars = Array(s)
            let k = n < 0 ? chars.count + n : n
            if k >= 0 && k < chars.count { return .string(String(chars[k])) }
            if optional { return .null }
            throw ScriptError.runtime("index \(n) is out of range for a string of \(chars.count) characters", at: loc)
        case (.range(let r), .int(let n)):
            let k = n < 0 ? r.count + n : n
            if k >= 0 && k < r.count { return .int(r.lower + k) }
            if optional { return .null }
            throw ScriptError.runtime("index \(n) is out of range for \(r.text)", at: loc)
        case (.record, .string(let key)):
            return try field(v, key, optional: optional, at: loc)
        case (.null, _) where optional:
            return .null
        default:
            if optional { return .null }
            throw ScriptError.runtime("cannot index a \(v.typeName) with a \(i.typeName)", at: loc)
        }
    }

    /// The items a pipeline stage walks: lists, ranges, and records (as {key, value} entries).
    static func items(_ v: Value, for stage: String, at loc: SourceLocation) throws -> [Value] {
        switch v {
        case .list(let l): return l
        case .range(let r):
            guard r.count <= 10_000_000 else { throw ScriptError.runtime("the range \(r.text) is too large for a pipeline", at: loc) }
            return r.count == 0 ? [] : (r.lower...r.upper).map { .int($0) }
        case .record(let r):
            try v.checkNesting(at: loc)
            return r.map { .record(["key": .string($0.key), "value": $0.value]) }
        case .null: return []
        default:
            throw ScriptError.runtime("'\(stage)' needs a list, got \(v.typeName) \(v.literal(limit: 40))", at: loc)
        }
    }

    static func milliseconds(_ v: Value, what: String, at loc: SourceLocation) throws -> Int {
        switch v {
        case .duration(let d): return max(0, d.milliseconds)
        case .int(let n): return max(0, n)
        default:
            throw ScriptError.runtime("'\(what)' needs a duration like 5s or 200ms, got \(v.typeName)", at: loc)
        }
    }
}
