import KnockCore

/// The two merges workflows use: identify's deep merge (update_user/object/tenant, inline
/// identify, preferences) and the shallow merge of fetch / update_data results into `data`.
///
/// ```swift
/// JSONMerging.deepMerge(["a": ["x": 1]], ["a": ["y": 2]])     // {"a": {"x": 1, "y": 2}}
/// JSONMerging.shallowMerge(["a": ["x": 1]], ["a": ["y": 2]])  // {"a": {"y": 2}}
/// ```
public enum JSONMerging {
    /// Objects merge key by key, recursively; anything else in `top` replaces `base`.
    public static func deepMerge(_ base: JSON, _ top: JSON) -> JSON {
        guard case .object(var b) = base, case .object(let t) = top else { return top }
        for (k, v) in t { b[k] = b[k].map { deepMerge($0, v) } ?? v }
        return .object(b)
    }

    /// Top-level keys of `top` overwrite those of `base`; nested values are replaced wholesale.
    public static func shallowMerge(_ base: JSON, _ top: JSON) -> JSON {
        guard case .object(var b) = base, case .object(let t) = top else { return top }
        for (k, v) in t { b[k] = v }
        return .object(b)
    }

    /// Knock's filterable data (§1.6, §7.8): nested objects and arrays dropped, strings cut to 256 characters.
    public static func flattenedScalars(_ data: JSON) -> JSON {
        guard case .object(let o) = data else { return [:] }
        var out = JSONObject()
        for (k, v) in o {
            switch v {
            case .object, .array: continue
            case .string(let s) where s.count > 256: out[k] = .string(String(s.prefix(256)))
            default: out[k] = v
            }
        }
        return .object(out)
    }
}
