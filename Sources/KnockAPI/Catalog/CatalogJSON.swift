import KnockCore

extension Catalog {
    /// The whole catalog as JSON: what `scripts/catalog-vs-spec.py` (run by CatalogSpecTests) compares with Knock's
    /// OpenAPI spec, and a machine-readable listing for tools.
    ///
    /// ```swift
    /// Catalog.json()[0]?["id"]   // "workflows trigger"
    /// ```
    public static func json() -> JSON {
        .array(endpoints.map(\.json))
    }
}

extension Endpoint {
    public var json: JSON {
        var o: JSONObject = [:]
        o["id"] = .string(id)
        o["section"] = .string(section)
        o["operation"] = .string(operation)
        o["method"] = .string(method.rawValue)
        o["path"] = .string(path)
        o["path_parameters"] = .array(pathParameters.map { .string($0) })
        o["aliases"] = .array(aliasPaths.map { .string($0) })
        o["tier"] = rateTier.map { .int($0) } ?? .null
        o["scope"] = .string(scope == .knock ? "knock" : "local_engine")
        o["summary"] = .string(summary)
        o["parameters"] = .array(parameters.map(\.json))
        return .object(o)
    }
}

extension Parameter {
    public var json: JSON {
        var o: JSONObject = [:]
        o["name"] = .string(name)
        o["in"] = .string(location == .query ? "query" : "body")
        o["type"] = kind.json
        o["required"] = .bool(required)
        o["values"] = .array(values.map { .string($0) })
        o["positional"] = .bool(positional)
        return .object(o)
    }
}

extension Parameter.Kind {
    /// `"string"`, `{"array": ...}`, `{"oneOf": [...]}`: the same shape the spec check builds
    /// from the YAML.
    public var json: JSON {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .number: return "number"
        case .object: return "object"
        case .any: return "any"
        case .array(let of): return ["array": of.json]
        case .oneOf(let kinds): return ["oneOf": .array(kinds.map(\.json))]
        }
    }
}
