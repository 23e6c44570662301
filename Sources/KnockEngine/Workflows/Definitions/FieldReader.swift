import KnockCore

/// Reads typed fields out of a JSON object while tracking the field path, so every decoding
/// failure names the exact field (`steps[2].settings.delay_for.unit`).
///
/// `null` is treated as absent everywhere: the mAPI schemas mark nearly every field nullable and
/// pulled files contain explicit nulls.
struct FieldReader {
    let object: JSONObject
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// Wraps a value that must be an object.
    init(value: JSON, path: String) throws {
        guard case .object(let o) = value else {
            throw DefinitionError(field: path, message: "expected an object, got \(value.typeName)")
        }
        self.init(o, path: path)
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// The raw value, nil when absent or null.
    func value(_ key: String) -> JSON? {
        guard let v = object[key], !v.isNull else { return nil }
        return v
    }

    func mismatch(_ key: String, expected: String, got: JSON) -> DefinitionError {
        DefinitionError(field: field(key), message: "expected \(expected), got \(got.typeName)")
    }

    func optionalString(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw mismatch(key, expected: "a string", got: v) }
        return s
    }

    func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw missing(key) }
        return s
    }

    /// A string that may also arrive as a JSON object/array (older CLI versions re-encoded JSON
    /// bodies as structures); structures are serialized back to text.
    func optionalText(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        switch v {
        case .string(let s): return s
        case .object, .array: return v.serialized()
        default: throw mismatch(key, expected: "a string", got: v)
        }
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw mismatch(key, expected: "a boolean", got: v) }
        return b
    }

    func optionalInt(_ key: String, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.intValue else { throw mismatch(key, expected: "an integer", got: v) }
        if let range, !range.contains(i) {
            throw DefinitionError(field: field(key), message: "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(i)")
        }
        return i
    }

    func optionalEnum<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let s = try optionalString(key) else { return nil }
        guard let e = E(rawValue: s) else {
            throw DefinitionError(field: field(key), message: "expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    func requiredEnum<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws -> E where E.RawValue == String {
        guard let e = try optionalEnum(key, type) else { throw missing(key) }
        return e
    }

    func optionalObject(_ key: String) throws -> FieldReader? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw mismatch(key, expected: "an object", got: v) }
        return FieldReader(o, path: field(key))
    }

    func object(_ key: String) throws -> FieldReader {
        guard let r = try optionalObject(key) else { throw missing(key) }
        return r
    }

    /// Array items paired with their field paths (`steps[3]`).
    func optionalArray(_ key: String) throws -> [(value: JSON, path: String)]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw mismatch(key, expected: "an array", got: v) }
        let base = field(key)
        return items.enumerated().map { (value: $0.element, path: "\(base)[\($0.offset)]") }
    }

    func optionalStringArray(_ key: String) throws -> [String]? {
        guard let items = try optionalArray(key) else { return nil }
        return try items.map { item in
            guard case .string(let s) = item.value else {
                throw DefinitionError(field: item.path, message: "expected a string, got \(item.value.typeName)")
            }
            return s
        }
    }

    func missing(_ key: String) -> DefinitionError {
        DefinitionError(field: field(key), message: "is required")
    }
}
