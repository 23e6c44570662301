import KnockCore

/// Completes `$name` and `$name.field.path` from the variables' current JSON values.
///
/// ```swift
/// let vars: [(name: String, value: JSON)] = [("run", ["workflow_run_id": "9f1c"])]
/// VariablePaths.complete("$run.wo", variables: vars)   // ["$run.workflow_run_id"]
/// VariablePaths.complete("$r", variables: vars)        // ["$run"]
/// ```
public enum VariablePaths {
    public static func complete(_ partial: String, variables: [(name: String, value: JSON)]) -> [String] {
        let body = partial.dropFirst()   // without "$"
        guard let dot = body.lastIndex(of: ".") else {
            return variables.map { "$" + $0.name } + ["$env", "$_"].filter { n in !variables.contains { "$" + $0.name == n } }
        }
        let basePath = String(body[..<dot])
        let fieldPrefix = body[body.index(after: dot)...]
        guard let value = resolve(basePath, in: variables) else { return [] }
        switch value {
        case .object(let o):
            return o.keys.filter { $0.hasPrefix(fieldPrefix) && isIdentifier($0) }.map { "$" + basePath + "." + $0 }
        default:
            return []
        }
    }

    /// Follows `name.a.b[2].c`; nil when any step is missing.
    static func resolve(_ path: String, in variables: [(name: String, value: JSON)]) -> JSON? {
        var steps = PathSteps(path)
        guard case .key(let name)? = steps.next(),
              var current = variables.last(where: { $0.name == name })?.value else { return nil }
        while let step = steps.next() {
            switch step {
            case .key(let k): guard let v = current[k] else { return nil }; current = v
            case .index(let i): guard let v = current[i] else { return nil }; current = v
            }
        }
        return current
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    enum Step { case key(String), index(Int) }

    /// Splits `a.b[0].c` into steps.
    struct PathSteps: IteratorProtocol {
        var rest: Substring
        init(_ path: String) { rest = Substring(path) }

        mutating func next() -> Step? {
            if rest.first == "." { rest.removeFirst() }
            guard let first = rest.first else { return nil }
            if first == "[" {
                guard let close = rest.firstIndex(of: "]") else { rest = ""; return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                return Int(inside).map(Step.index) ?? .key(String(inside.trimmingCharacters(in: "\"")))
            }
            let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
            let key = String(rest[..<end])
            rest = rest[end...]
            return .key(key)
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return s
    }
}
