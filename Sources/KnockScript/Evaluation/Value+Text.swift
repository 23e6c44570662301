import KnockCore

extension Value {
    /// The value as source-like text: strings quoted, records as `{"k": v}`. Used by power
    /// assertions, diffs and `print` of non-strings.
    public var literal: String {
        var out = ""
        // Bounded so a value that shares structure exponentially cannot print forever.
        writeLiteral(into: &out, limit: Self.maxTextBytes)
        return out
    }

    static let maxTextBytes = 16 * 1024 * 1024

    /// `literal`, cut to about `limit` characters with an ellipsis.
    public func literal(limit: Int) -> String {
        var out = ""
        writeLiteral(into: &out, limit: limit)
        if out.count > limit { return String(out.prefix(max(0, limit - 1))) + "…" }
        return out
    }

    /// How the value reads inside an interpolated string or `print`: strings unquoted.
    public var text: String {
        if case .string(let s) = self { return s }
        return literal
    }

    func writeLiteral(into out: inout String, limit: Int, depth: Int = 0) {
        if out.utf8.count > limit { return }
        // Values nested deeper than any JSON document print their inner levels as an ellipsis.
        if depth > 256 { out += "…"; return }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.format(d)
        case .string(let s): out += JSON.string(s).serialized()
        case .duration(let d): out += d.description
        case .range(let r): out += r.text
        case .function(let f): out += "<fn \(f.name)>"
        case .list(let l):
            out += "["
            for (i, v) in l.enumerated() {
                if i > 0 { out += ", " }
                if out.utf8.count > limit { out += "…"; break }
                v.writeLiteral(into: &out, limit: limit, depth: depth + 1)
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (i, (k, v)) in r.enumerated() {
                if i > 0 { out += ", " }
                if out.utf8.count > limit { out += "…"; break }
                out += JSON.string(k).serialized()
                out += ": "
                v.writeLiteral(into: &out, limit: limit, depth: depth + 1)
            }
            out += "}"
        }
    }

    /// Indented JSON-like text for `show`: durations and functions print as themselves.
    public var pretty: String {
        var out = ""
        writePretty(into: &out, indent: 0)
        return out
    }

    func writePretty(into out: inout String, indent: Int) {
        if out.utf8.count > Self.maxTextBytes { return }
        if indent > 256 { out += "…"; return }
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .list(let l) where !l.isEmpty:
            out += "[\n"
            for (i, v) in l.enumerated() {
                out += pad
                v.writePretty(into: &out, indent: indent + 1)
                out += i < l.count - 1 ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .record(let r) where !r.isEmpty:
            out += "{\n"
            for (i, (k, v)) in r.enumerated() {
                out += pad + JSON.string(k).serialized() + ": "
                v.writePretty(into: &out, indent: indent + 1)
                out += i < r.count - 1 ? ",\n" : "\n"
            }
            out += closePad + "}"
        default:
            writeLiteral(into: &out, limit: Self.maxTextBytes)
        }
    }
}

extension Value {
    /// Shortest text that reads back as the same double, keeping ".0" on integral values.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e16 { return String(Int(d)) + ".0" }
        return "\(d)"
    }
}
