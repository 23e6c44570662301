import KnockCore

/// The ids in one response: string values under `id` or `*_id` keys, with the path that reads
/// them (`.id`, `.workflow_run_id`, `.entries[0].id`). Ids are what a person copies from one
/// answer into the next command, and what differs on every run of a saved recipe.
///
/// ```swift
/// ResponseIds.find(in: ["__typename": "BulkOperation", "id": "3f2b…", "status": "queued"])
/// // [(path: ".id", value: "3f2b…", owner: "bulk_operation")]
/// ```
enum ResponseIds {
    struct Found: Equatable {
        var path: String
        var value: String
        /// What the id names, as a variable name: `bulk_operation` (from `__typename`),
        /// `workflow_run` (from `workflow_run_id`); nil when nothing says.
        var owner: String?
    }

    /// Nesting and list lengths are bounded: ids a person retypes sit near the top.
    static let maxDepth = 3
    static let maxListItems = 20

    static func find(in value: JSON) -> [Found] {
        var out: [Found] = []
        walk(value, path: "", depth: 0, into: &out)
        return out
    }

    private static func walk(_ value: JSON, path: String, depth: Int, into out: inout [Found]) {
        guard depth <= maxDepth else { return }
        switch value {
        case .object(let o):
            let typename = o["__typename"]?.stringValue.map(snakeCase)
            for (key, child) in o {
                let childPath = path + "." + key
                if case .string(let s) = child, !s.isEmpty, key == "id" || key.hasSuffix("_id") {
                    let owner = key == "id" ? typename : String(key.dropLast(3))
                    out.append(Found(path: childPath, value: s, owner: owner))
                } else {
                    walk(child, path: childPath, depth: depth + 1, into: &out)
                }
            }
        case .array(let items):
            for (i, item) in items.prefix(maxListItems).enumerated() {
                walk(item, path: path + "[\(i)]", depth: depth + 1, into: &out)
            }
        default:
            return
        }
    }

    /// `BulkOperation` → `bulk_operation`.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase, !out.isEmpty { out.append("_") }
            out += c.lowercased()
        }
        return out
    }
}
