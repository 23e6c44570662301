import KnockCore

extension JSON {
    /// Knock's identify merge: objects merge key by key, recursively; arrays, scalars and null
    /// replace. A key cannot be removed this way, only set to null.
    ///
    /// ```swift
    /// JSON.deepMerge(["a": ["x": 1, "y": 2]], ["a": ["y": 3]])   // ["a": ["x": 1, "y": 3]]
    /// ```
    public static func deepMerge(_ base: JSON, _ patch: JSON) -> JSON {
        guard case .object(let b) = base, case .object(let p) = patch else { return patch }
        return .object(deepMerge(b, p))
    }

    public static func deepMerge(_ base: JSONObject, _ patch: JSONObject) -> JSONObject {
        var out = base
        for (k, v) in patch {
            if let existing = out[k], case .object = existing, case .object = v {
                out[k] = deepMerge(existing, v)
            } else {
                out[k] = v
            }
        }
        return out
    }

    /// Size in bytes of the serialized value, for Knock's 256 kB property limit.
    var serializedSize: Int { serialized().utf8.count }
}

/// Small validation helpers shared by the recipient endpoints; each failure is a 422 naming the field.
enum Validate {
    static func object(_ value: JSON?, _ field: String) throws(EngineError) -> JSONObject? {
        guard let value, !value.isNull else { return nil }
        guard case .object(let o) = value else { throw .invalid(field, "must be an object") }
        return o
    }

    static func requiredObject(_ value: JSON?, _ field: String) throws(EngineError) -> JSONObject {
        guard let o = try object(value, field) else { throw .invalid(field, "is required") }
        return o
    }

    static func string(_ value: JSON?, _ field: String) throws(EngineError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard case .string(let s) = value else { throw .invalid(field, "must be a string") }
        return s
    }

    static func requiredString(_ value: JSON?, _ field: String) throws(EngineError) -> String {
        guard let s = try string(value, field), !s.isEmpty else { throw .invalid(field, "is required") }
        return s
    }

    static func array(_ value: JSON?, _ field: String) throws(EngineError) -> [JSON]? {
        guard let value, !value.isNull else { return nil }
        guard case .array(let a) = value else { throw .invalid(field, "must be an array") }
        return a
    }

    static func requiredArray(_ value: JSON?, _ field: String, max: Int? = nil) throws(EngineError) -> [JSON] {
        guard let a = try array(value, field) else { throw .invalid(field, "is required") }
        if let max, a.count > max { throw .invalid(field, "must have at most \(max) items") }
        return a
    }

    static func stringArray(_ value: JSON?, _ field: String, max: Int? = nil) throws(EngineError) -> [String] {
        let a = try requiredArray(value, field, max: max)
        var out: [String] = []
        for (i, v) in a.enumerated() {
            guard case .string(let s) = v, !s.isEmpty else { throw .invalid("\(field)[\(i)]", "must be a non-empty string") }
            out.append(s)
        }
        return out
    }

    /// A recipient or object id: non-empty, ≤ 256 characters.
    static func identifier(_ id: String, _ field: String) throws(EngineError) {
        if id.isEmpty { throw .invalid(field, "must not be empty") }
        if id.utf8.count > 256 { throw .invalid(field, "must be at most 256 characters") }
    }

    /// Channel ids are UUIDs on Knock (the spec's `format: uuid`).
    static func uuid(_ id: String, _ field: String) throws(EngineError) {
        let b = Array(id.utf8)
        let ok = b.count == 36 && b.enumerated().allSatisfy { i, c in
            [8, 13, 18, 23].contains(i) ? c == 45 : (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c)
        }
        if !ok { throw .invalid(field, "must be a channel id (a UUID)") }
    }

    static func timestamp(_ value: JSON?, _ field: String) throws(EngineError) -> Timestamp? {
        guard let s = try string(value, field) else { return nil }
        guard let t = Timestamp(iso8601: s) else { throw .invalid(field, "must be an ISO 8601 date-time") }
        return t
    }
}
