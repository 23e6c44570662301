import KnockCore

/// Validates trigger `data` against a workflow's `trigger_data_json_schema`, supporting the JSON
/// Schema subset workflows use: `type` (string or list), `required`, `properties`, `enum`,
/// `items`, `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`. Unknown keywords
/// are ignored rather than rejected, so a richer schema never blocks a trigger here.
///
/// Errors use Knock's 422 error-item shape (`{"field", "message", "type"}`), fields rooted at `data`.
///
/// ```swift
/// let schema: JSON = ["type": "object", "required": ["post_id"], "properties": ["post_id": ["type": "string"]]]
/// let errors = TriggerDataSchemaValidator(schema: schema).validate(["post_id": 5])
/// errors[0].field    // "data.post_id"
/// errors[0].message  // "expected string, got integer"
/// ```
public struct TriggerDataSchemaValidator: Sendable {
    /// One validation failure; `json` is the item for the 422 body's `errors` array.
    public struct FieldError: Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var message: String
        /// The schema keyword that failed (`type`, `required`, `enum`, `min_length`, ...).
        public var type: String
        public var json: JSON { ["field": .string(field), "message": .string(message), "type": .string(type)] }
        public var description: String { "\(field): \(message)" }
    }

    public let schema: JSON
    /// The name the root value is reported under.
    public var rootField = "data"

    public init(schema: JSON) { self.schema = schema }

    public func validate(_ value: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        check(value, schema, rootField, &errors)
        return errors
    }

    private func check(_ value: JSON, _ schema: JSON, _ field: String, _ errors: inout [FieldError]) {
        guard case .object(let s) = schema else { return }
        if let t = s["type"] {
            let allowed = t.stringValue.map { [$0] } ?? (t.arrayValue?.compactMap(\.stringValue) ?? [])
            if !allowed.isEmpty && !allowed.contains(where: { Self.matches(value, type: $0) }) {
                errors.append(FieldError(field: field, message: "expected \(allowed.joined(separator: " or ")), got \(value.typeName)", type: "type"))
                return  // further keywords would only repeat the type mismatch
            }
        }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            errors.append(FieldError(field: field, message: "must be one of \(options.map { $0.serialized() }.joined(separator: ", "))", type: "enum"))
        }
        switch value {
        case .string(let str):
            let n = str.count
            if let min = s["minLength"]?.intValue, n < min {
                errors.append(FieldError(field: field, message: "must be at least \(min) characters", type: "min_length"))
            }
            if let max = s["maxLength"]?.intValue, n > max {
                errors.append(FieldError(field: field, message: "must be at most \(max) characters", type: "max_length"))
            }
        case .int, .double:
            let d = value.doubleValue!
            if let min = s["minimum"]?.doubleValue, d < min {
                errors.append(FieldError(field: field, message: "must be greater than or equal to \(s["minimum"]!.serialized())", type: "minimum"))
            }
            if let max = s["maximum"]?.doubleValue, d > max {
                errors.append(FieldError(field: field, message: "must be less than or equal to \(s["maximum"]!.serialized())", type: "maximum"))
            }
        case .array(let items):
            if let min = s["minItems"]?.intValue, items.count < min {
                errors.append(FieldError(field: field, message: "must have at least \(min) items", type: "min_items"))
            }
            if let max = s["maxItems"]?.intValue, items.count > max {
                errors.append(FieldError(field: field, message: "must have at most \(max) items", type: "max_items"))
            }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { check(item, itemSchema, "\(field)[\(i)]", &errors) }
            }
        case .object(let o):
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where o[name] == nil {
                errors.append(FieldError(field: "\(field).\(name)", message: "is required", type: "required"))
            }
            if let props = s["properties"]?.objectValue {
                for (name, propSchema) in props {
                    if let v = o[name] { check(v, propSchema, "\(field).\(name)", &errors) }
                }
            }
        default:
            break
        }
    }

    /// JSON Schema type names; an integral double counts as an integer, as the spec says.
    static func matches(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("integer", .int): return true
        case ("integer", .double(let d)): return d.rounded() == d
        case ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    /// Numbers compare by value (1 == 1.0), everything else structurally.
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}

extension WorkflowDefinition {
    /// Checks trigger `data` against `trigger_data_json_schema`; empty when valid or when the workflow has no schema.
    ///
    /// ```swift
    /// let errors = workflow.validateTriggerData(body["data"] ?? [:])
    /// if !errors.isEmpty { /* answer 422 with errors.map(\.json) */ }
    /// ```
    public func validateTriggerData(_ data: JSON) -> [TriggerDataSchemaValidator.FieldError] {
        guard let schema = triggerDataJSONSchema else { return [] }
        return TriggerDataSchemaValidator(schema: schema).validate(data)
    }
}
