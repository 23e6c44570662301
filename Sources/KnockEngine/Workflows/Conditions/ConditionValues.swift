import KnockCore

/// Value semantics of the comparison operators. Internal; `ConditionEvaluator` is the entry point.
enum ConditionValues {
    /// Type-sensitive equality (`true` ≠ `"true"`), except that numbers compare by value (1 == 1.0).
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    /// A number, or a string that reads as one (variables often hold numeric strings).
    static func number(_ v: JSON) -> Double? {
        if let d = v.doubleValue { return d }
        if case .string(let s) = v { return Double(s.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// -1/0/1; numeric when both sides are numeric, else lexicographic for two strings [I], else nil.
    static func compare(_ a: JSON, _ b: JSON?) -> Int? {
        guard let b else { return nil }
        if let x = number(a), let y = number(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        if case .string(let x) = a, case .string(let y) = b, !x.isEmpty, !y.isEmpty { return x < y ? -1 : (x > y ? 1 : 0) }
        return nil
    }

    /// Text form of a scalar, for substring checks and audience keys.
    static func text(_ v: JSON) -> String? {
        switch v {
        case .string(let s): return s
        case .int, .double, .bool: return v.serialized()
        default: return nil
        }
    }

    /// string ⊃ substring; list ∋ item; list ∩ list ≠ ∅; object has key [I].
    static func contains(_ value: JSON, _ arg: JSON) -> Bool {
        switch value {
        case .string(let s):
            if case .array(let items) = arg { return items.contains { contains(value, $0) } }
            guard let needle = text(arg), !needle.isEmpty else { return false }
            return s.range(of: needle) != nil
        case .array(let items):
            if case .array(let wanted) = arg { return wanted.contains { w in items.contains { equal($0, w) } } }
            return items.contains { equal($0, arg) }
        case .object(let o):
            return text(arg).map { o[$0] != nil } ?? false
        default:
            return false
        }
    }

    /// Every item of a list argument is present (a scalar argument behaves like `contains`).
    static func containsAll(_ value: JSON, _ arg: JSON) -> Bool {
        guard case .array(let wanted) = arg else { return contains(value, arg) }
        return wanted.allSatisfy { contains(value, $0) }
    }

    /// Unset, null, "", [] and {} are empty.
    static func isEmpty(_ value: JSON?) -> Bool {
        switch value {
        case nil, .null?: return true
        case .string(let s)?: return s.isEmpty
        case .array(let a)?: return a.isEmpty
        case .object(let o)?: return o.isEmpty
        default: return false
        }
    }
}
