import KnockCore

extension Builtins {
    mutating func addCollections() {
        add("len", 1...1, "len(x)", "Length of a string (characters), list, record or range") { c in
            switch c[0] {
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.count)
            case .record(let r): return .int(r.count)
            case .range(let r): return .int(r.count)
            default: throw c.wrongType(0, "a string, list, record or range")
            }
        }
        add("keys", 1...1, "keys(record)", "The keys of a record, in order") { c in
            .list(try c.record(0).keys.map { .string($0) })
        }
        add("values", 1...1, "values(record)", "The values of a record, in order") { c in
            .list(Array(try c.record(0).values))
        }
        add("entries", 1...1, "entries(record)", "A record as a list of {key, value} records") { c in
            .list(try c.record(0).map { .record(["key": .string($0.key), "value": $0.value]) })
        }
        add("has", 2...2, "has(record, key)", "Whether a record has a key") { c in
            .bool(try c.record(0)[try c.string(1)] != nil)
        }
        add("get", 2...3, "get(value, \"a.b[0]\", default)", "Reads a path, or returns the default (null) when any part is missing") { c in
            try Builtins.readPath(c[0], try c.string(1), at: c.location) ?? c[2]
        }
        add("append", 2...2, "append(list, item)", "A new list with the item added at the end") { c in
            try c[1].checkNesting(at: c.location)
            return .list(try c.list(0) + [c[1]])
        }
        add("merge", 2...2, "merge(a, b)", "A record with b's fields laid over a's") { c in
            var r = try c.record(0)
            for (k, v) in try c.record(1) { r[k] = v }
            return .record(r)
        }
        add("first", 1...2, "first(list, n)", "The first item (null when empty), or a list of the first n") { c in
            let l = try c.list(0)
            if c.arguments.count == 2 { return .list(Array(l.prefix(max(0, try c.int(1))))) }
            return l.first ?? .null
        }
        add("last", 1...2, "last(list, n)", "The last item (null when empty), or a list of the last n") { c in
            let l = try c.list(0)
            if c.arguments.count == 2 { return .list(Array(l.suffix(max(0, try c.int(1))))) }
            return l.last ?? .null
        }
        add("slice", 2...3, "slice(list_or_string, start, end)", "Items from start up to (not including) end; negative counts from the end") { c in
            func bounds(_ n: Int) throws -> (Int, Int) {
                func fix(_ i: Int) -> Int { min(n, max(0, i < 0 ? n + i : i)) }
                let s = fix(try c.int(1))
                let e = c.arguments.count == 3 ? fix(try c.int(2)) : n
                return (s, max(s, e))
            }
            if case .string(let str) = c[0] {
                let chars = Array(str)
                let (s, e) = try bounds(chars.count)
                return .string(String(chars[s..<e]))
            }
            let l = try c.list(0)
            let (s, e) = try bounds(l.count)
            return .list(Array(l[s..<e]))
        }
        add("reverse", 1...1, "reverse(list_or_string)", "Reversed order") { c in
            if case .string(let s) = c[0] { return .string(String(s.reversed())) }
            return .list(try c.list(0).reversed())
        }
        add("sort", 1...1, "sort(list)", "Sorted ascending (numbers, strings, durations)") { c in
            let l = try c.list(0)
            return .list(try Ops.stableSort(l.map { ($0, $0) }, at: c.location).map(\.1))
        }
        add("unique", 1...1, "unique(list)", "The list without repeated items, first occurrence kept") { c in
            var out: [Value] = []
            for v in try c.list(0) where !out.contains(where: { Ops.equal($0, v) }) { out.append(v) }
            return .list(out)
        }
        add("flatten", 1...1, "flatten(list)", "One level of nested lists joined into one list") { c in
            .list(try c.list(0).flatMap { $0.listValue ?? [$0] })
        }
        add("range", 2...2, "range(start, end)", "The list start, start+1, ..., end-1") { c in
            let a = try c.int(0), b = try c.int(1)
            guard b <= a || b.subtractingReportingOverflow(a).partialValue <= 10_000_000 else {
                throw ScriptError.runtime("range(\(a), \(b)) is too large", at: c.location)
            }
            return .list(b <= a ? [] : (a..<b).map { .int($0) })
        }
        add("contains", 2...2, "contains(container, item)", "Same as the 'contains' operator") { c in
            .bool(try Ops.contains(c[0], c[1], at: c.location))
        }
    }

    /// Follows `a.b[0].c` through records and lists; nil when a step is missing.
    static func readPath(_ value: Value, _ path: String, at loc: SourceLocation) throws -> Value? {
        var v = value
        var i = path.startIndex
        while i < path.endIndex {
            let ch = path[i]
            if ch == "." { i = path.index(after: i); continue }
            if ch == "[" {
                guard let close = path[i...].firstIndex(of: "]"), let n = Int(path[path.index(after: i)..<close]) else {
                    throw ScriptError.runtime("invalid path \(Value.string(path).literal)", hint: "paths look like \"items[0].id\"", at: loc)
                }
                guard let next = try? Ops.index(v, .int(n), optional: true, at: loc), !isNull(next) || isNullAt(v, n) else { return nil }
                v = next
                i = path.index(after: close)
                continue
            }
            var end = i
            while end < path.endIndex, path[end] != ".", path[end] != "[" { end = path.index(after: end) }
            let key = String(path[i..<end])
            guard case .record(let r) = v, let next = r[key] else { return nil }
            v = next
            i = end
        }
        return v
    }

    static func isNull(_ v: Value) -> Bool { if case .null = v { return true } else { return false } }
    static func isNullAt(_ v: Value, _ n: Int) -> Bool {
        guard case .list(let l) = v else { return false }
        let k = n < 0 ? l.count + n : n
        return k >= 0 && k < l.count
    }
}
