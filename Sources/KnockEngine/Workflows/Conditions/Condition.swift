import KnockCore

/// Every condition operator Knock documents: the union of the v1 API and mAPI enums (§1.13).
///
/// ```swift
/// ConditionOperator(rawValue: "is_timestamp_before")  // .isTimestampBefore
/// ConditionOperator.exists.takesArgument              // false
/// ```
public enum ConditionOperator: String, Sendable, Hashable, CaseIterable {
    case equalTo = "equal_to"
    case notEqualTo = "not_equal_to"
    case greaterThan = "greater_than"
    case lessThan = "less_than"
    case greaterThanOrEqualTo = "greater_than_or_equal_to"
    case lessThanOrEqualTo = "less_than_or_equal_to"
    case contains = "contains"
    case notContains = "not_contains"
    case containsAll = "contains_all"
    case notContainsAll = "not_contains_all"
    case empty = "empty"
    case notEmpty = "not_empty"
    case exists = "exists"
    case notExists = "not_exists"
    case isTimestamp = "is_timestamp"
    case isNotTimestamp = "is_not_timestamp"
    case isTimestampBefore = "is_timestamp_before"
    case isTimestampOnOrAfter = "is_timestamp_on_or_after"
    case isTimestampBetween = "is_timestamp_between"
    case isTimestampBeforeNow = "is_timestamp_before_now"
    case isTimestampOnOrAfterNow = "is_timestamp_on_or_after_now"
    case isTimestampBeforeDate = "is_timestamp_before_date"
    case isTimestampOnOrAfterDate = "is_timestamp_on_or_after_date"
    case isBetween = "is_between"
    case isAudienceMember = "is_audience_member"
    case isNotAudienceMember = "is_not_audience_member"

    /// Operators that ignore `argument` (unary checks and checks against the evaluation time).
    public var takesArgument: Bool {
        switch self {
        case .empty, .notEmpty, .exists, .notExists, .isTimestamp, .isNotTimestamp,
             .isTimestampBeforeNow, .isTimestampOnOrAfterNow:
            return false
        default:
            return true
        }
    }
}

/// One `{variable, operator, argument}` condition.
///
/// `variable` and `argument` stay as the strings Knock stores; the evaluator decides whether each
/// is a path (`recipient.plan`), a JSON literal (`"5"`, `'["a"]'`) or a plain string.
///
/// ```swift
/// let c = Condition(variable: "recipient.plan", operator: .equalTo, argument: "pro")
/// ```
public struct Condition: Sendable, Hashable {
    public var variable: String
    public var `operator`: ConditionOperator
    public var argument: String?

    public init(variable: String, operator: ConditionOperator, argument: String? = nil) {
        self.variable = variable
        self.operator = `operator`
        self.argument = argument
    }

    /// Decodes one condition; non-string arguments (numbers, lists) are kept as their JSON text,
    /// which is what Knock would have JSON-decoded anyway.
    public init(json: JSON, field: String = "") throws {
        let r = try FieldReader(value: json, path: field)
        guard let variable = try r.optionalText("variable") else { throw r.missing("variable") }
        self.variable = variable
        self.operator = try r.requiredEnum("operator", ConditionOperator.self)
        if let v = r.value("argument") {
            if case .string(let s) = v { self.argument = s } else { self.argument = v.serialized() }
        } else {
            self.argument = nil
        }
    }

    public var json: JSON {
        var o: JSONObject = ["variable": .string(variable), "operator": .string(`operator`.rawValue)]
        o["argument"] = argument.map(JSON.string) ?? .null
        return .object(o)
    }
}

/// A condition group as the mAPI `ConditionGroup` defines it: `{"all": [...]}` (AND) or
/// `{"any": [condition | {"all": [...]}]}` (OR of conditions and AND-groups).
///
/// ```swift
/// let g = try ConditionGroup(json: ["any": [["all": [...]], ["variable": "data.x", "operator": "exists"]]])
/// ```
public enum ConditionGroup: Sendable, Hashable {
    case all([Condition])
    case any([AnyMember])

    /// A member of an `any` group.
    public enum AnyMember: Sendable, Hashable {
        case condition(Condition)
        case all([Condition])
    }

    /// True for `{}` / `{"all": []}`: a group with nothing to check passes.
    public var isEmpty: Bool {
        switch self {
        case .all(let c): return c.isEmpty
        case .any(let m): return m.isEmpty
        }
    }

    /// Every condition in the group, flattened (for validation and tooling).
    public var conditions: [Condition] {
        switch self {
        case .all(let c): return c
        case .any(let members):
            return members.flatMap { m -> [Condition] in
                switch m {
                case .condition(let c): return [c]
                case .all(let c): return c
                }
            }
        }
    }

    /// Decodes a group. `{}` decodes as an empty `all` (the mAPI example for "no conditions").
    public init(json: JSON, field: String = "") throws {
        let r = try FieldReader(value: json, path: field)
        if let items = try r.optionalArray("any") {
            self = .any(try items.map { item in
                if case .object(let o) = item.value, o["all"] != nil, o["variable"] == nil {
                    let inner = FieldReader(o, path: item.path)
                    return .all(try Self.list(try inner.optionalArray("all") ?? []))
                }
                return .condition(try Condition(json: item.value, field: item.path))
            })
        } else {
            self = .all(try Self.list(try r.optionalArray("all") ?? []))
        }
    }

    /// Decodes a flat list of conditions (preference conditions use this form).
    public static func list(_ items: [(value: JSON, path: String)]) throws -> [Condition] {
        try items.map { try Condition(json: $0.value, field: $0.path) }
    }

    public var json: JSON {
        switch self {
        case .all(let c): return ["all": .array(c.map(\.json))]
        case .any(let members):
            return ["any": .array(members.map { m in
                switch m {
                case .condition(let c): return c.json
                case .all(let c): return ["all": .array(c.map(\.json))]
                }
            })]
        }
    }
}

extension FieldReader {
    func optionalConditionGroup(_ key: String) throws -> ConditionGroup? {
        guard let v = value(key) else { return nil }
        let g = try ConditionGroup(json: v, field: field(key))
        return g.isEmpty ? nil : g
    }
}
