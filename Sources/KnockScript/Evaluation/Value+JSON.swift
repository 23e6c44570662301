import KnockCore

extension Value {
    /// Wraps a JSON value (an API response, a `parse_json` result) losslessly.
    public init(json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(Value.init(json:)))
        case .object(let o):
            var r = Record(minimumCapacity: o.count)
            for (k, v) in o { r[k] = Value(json: v) }
            self = .record(r)
        }
    }

    /// Converts to JSON for a request body or `json()`. Durations become their text ("1m30s"),
    /// ranges become lists; functions cannot be converted.
    public func json() throws -> JSON { try json(depth: 0) }

    func json(depth: Int) throws -> JSON {
        guard depth < 512 else { throw ScriptError.runtime("the value nests too deeply to convert to JSON") }
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d):
            guard d.isFinite else { throw ScriptError.runtime("\(d) cannot be written as JSON") }
            return .double(d)
        case .string(let s): return .string(s)
        case .duration(let d): return .string(d.description)
        case .list(let l): return .array(try l.map { try $0.json(depth: depth + 1) })
        case .range(let r):
            guard r.count <= 1_000_000 else { throw ScriptError.runtime("the range \(r.text) is too large to convert to a list") }
            return .array(r.count == 0 ? [] : (r.lower...r.upper).map { .int($0) })
        case .record(let r):
            var o = JSONObject(minimumCapacity: r.count)
            for (k, v) in r { o[k] = try v.json(depth: depth + 1) }
            return .object(o)
        case .function(let f):
            throw ScriptError.runtime("the function \(f.name) cannot be converted to JSON")
        }
    }
}
