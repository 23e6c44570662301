import KnockCore

/// Path-by-path differences between two values, for failed equality of records and lists.
///
/// ```swift
/// Diff.paths(.record(["a": .int(1)]), .record(["a": .int(2), "b": .null]))
/// // [".a: 1 != 2", ".b: <missing> != null"]
/// ```
public enum Diff {
    public static func paths(_ a: Value, _ b: Value) -> [String] {
        var out: [String] = []
        walk(a, b, path: "", into: &out, depth: 0)
        return out
    }

    static func walk(_ a: Value, _ b: Value, path: String, into out: inout [String], depth: Int) {
        if out.count > 100 { return }
        switch (a, b) {
        case (.record(let x), .record(let y)) where depth < 64:
            for (k, v) in x {
                let p = path + "." + key(k)
                if let w = y[k] { walk(v, w, path: p, into: &out, depth: depth + 1) } else { out.append("\(p): \(show(v)) != <missing>") }
            }
            for (k, w) in y where x[k] == nil {
                out.append("\(path).\(key(k)): <missing> != \(show(w))")
            }
        case (.list(let x), .list(let y)) where depth < 64:
            for n in 0..<max(x.count, y.count) {
                let p = "\(path)[\(n)]"
                if n < x.count, n < y.count { walk(x[n], y[n], path: p, into: &out, depth: depth + 1) }
                else if n < x.count { out.append("\(p): \(show(x[n])) != <missing>") }
                else { out.append("\(p): <missing> != \(show(y[n]))") }
            }
        default:
            if !Ops.equal(a, b) { out.append("\(path.isEmpty ? "value" : path): \(show(a)) != \(show(b))") }
        }
    }

    static func show(_ v: Value) -> String { v.literal(limit: 50) }

    static func key(_ k: String) -> String {
        let plain = !k.isEmpty && k.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return plain ? k : Value.string(k).literal
    }
}
