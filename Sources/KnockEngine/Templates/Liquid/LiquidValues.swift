import KnockCore

// Liquid's meaning of JSON values: truthiness, text form, equality, ordering and `empty`/`blank`.
// Kept in one place so tags, operators and filters agree.

extension JSON {
    /// Only `nil` and `false` are falsy in Liquid; `""`, `0` and `[]` are truthy.
    var isTruthy: Bool {
        switch self {
        case .null, .bool(false): return false
        default: return true
        }
    }

    /// `== empty`: an empty string, array or object.
    var isLiquidEmpty: Bool {
        switch self {
        case .string(let s): return s.isEmpty
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        default: return false
        }
    }

    /// `== blank`: nil, false, empty, or a string of only whitespace.
    var isLiquidBlank: Bool {
        switch self {
        case .null, .bool(false): return true
        case .string(let s): return s.utf8.allSatisfy(TemplateLexer.isSpace)
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        default: return false
        }
    }

    /// The text an output tag writes for this value.
    var liquidString: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return LiquidNumber.format(d)
        case .string(let s): return s
        case .array(let a):
            var out = ""
            for element in a { out += element.liquidString }
            return out
        case .object: return serialized()
        }
    }

    /// Appends the output text without building intermediate strings for the common cases.
    func write(to out: inout String) {
        switch self {
        case .null: return
        case .string(let s): out += s
        case .int(let i): out += String(i)
        case .array(let a): for element in a { element.write(to: &out) }
        default: out += liquidString
        }
    }

    /// Liquid `==`: numbers compare by value across int/double; other types never equal.
    func liquidEquals(_ other: JSON) -> Bool {
        switch (self, other) {
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.liquidEquals($1) }
        default: return self == other
        }
    }

    /// Liquid ordering for `<`, `>`, `sort`: numbers with numbers, strings with strings.
    /// Returns `nil` when either side is nil; throws for other mixed types, as Liquid does.
    func liquidCompare(_ other: JSON) throws(LiquidFailure) -> Int? {
        switch (self, other) {
        case (.null, _), (_, .null): return nil
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            if let a = doubleValue, let b = other.doubleValue { return a < b ? -1 : (a == b ? 0 : 1) }
            throw LiquidFailure("comparison of \(liquidTypeName) with \(other.liquidTypeName) failed")
        }
    }

    var liquidTypeName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "float"
        case .string: return "string"
        case .array: return "array"
        case .object: return "hash"
        }
    }
}

/// Number conversions and formatting shared by math filters.
enum LiquidNumber {
    /// A number or a numeric string as a number; anything else is 0, as Liquid's `to_number`.
    static func parse(_ value: JSON) -> JSON {
        switch value {
        case .int, .double: return value
        case .string(let s):
            let t = s.trimmingWhitespace()
            if let i = Int(t) { return .int(i) }
            if let d = Double(t), d.isFinite, t.utf8.allSatisfy({ isNumberByte($0) }) { return .double(d) }
            return .int(0)
        default: return .int(0)
        }
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        ExpressionLexer.isDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// Floats print as Ruby prints them: always with a fractional part (`3.0`).
    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(.towardZero), abs(d) < 1e16 { return String(Int(d)) + ".0" }
        return String(d)
    }
}
