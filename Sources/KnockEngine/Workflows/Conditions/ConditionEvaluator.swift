import Foundation
import KnockCore

/// Evaluates Knock conditions and condition groups against a `ConditionContext`.
///
/// Operand rules (§1.13): a `variable` or `argument` that starts with a scope prefix (`data.`,
/// `recipient.`, `refs.` ...) is a path, and an unset path reads as `""`; otherwise the string is
/// JSON-decoded when it parses (`"5"` → 5, `'["a"]'` → list) and kept as a literal string when it
/// does not. `{{ path }}` arguments resolve the path; other Liquid goes through `liquid` if set.
///
/// ```swift
/// let evaluator = ConditionEvaluator(audienceLookup: { audience, user, tenant in audience == "beta" && user == "u1" })
/// let group = try ConditionGroup(json: ["all": [["variable": "data.priority", "operator": "equal_to", "argument": "high"]]])
/// evaluator.evaluate(group, in: ctx)   // true when data.priority == "high"
/// ```
public struct ConditionEvaluator: Sendable {
    /// `(audienceKey, recipientID, tenantID) -> isMember`; nil ⇒ nobody is a member.
    public typealias AudienceLookup = @Sendable (_ audienceKey: String, _ recipientID: String, _ tenantID: String?) -> Bool
    /// Renders a Liquid argument (e.g. `{{ recipient.ends_at | date: "%Y" }}`) in the run scope.
    public typealias LiquidRenderer = @Sendable (_ template: String, _ context: ConditionContext) throws -> String

    public var audienceLookup: AudienceLookup?
    public var liquid: LiquidRenderer?

    public init(audienceLookup: AudienceLookup? = nil, liquid: LiquidRenderer? = nil) {
        self.audienceLookup = audienceLookup
        self.liquid = liquid
    }

    /// A group: `all` ⇒ every condition; `any` ⇒ at least one member. An empty group passes.
    public func evaluate(_ group: ConditionGroup?, in context: ConditionContext) -> Bool {
        guard let group else { return true }
        switch group {
        case .all(let conditions): return evaluateAll(conditions, in: context)
        case .any(let members):
            if members.isEmpty { return true }
            return members.contains { m in
                switch m {
                case .condition(let c): return evaluate(c, in: context)
                case .all(let c): return evaluateAll(c, in: context)
                }
            }
        }
    }

    /// A flat AND list (preference conditions).
    public func evaluateAll(_ conditions: [Condition], in context: ConditionContext) -> Bool {
        firstFailure(in: conditions, context: context) == nil
    }

    /// The first condition that does not hold, for explaining a decision.
    public func firstFailure(in conditions: [Condition], context: ConditionContext) -> Condition? {
        conditions.first { !evaluate($0, in: context) }
    }

    /// One condition.
    public func evaluate(_ condition: Condition, in context: ConditionContext) -> Bool {
        if let token = MessageStatusRank.token(condition.argument), condition.variable.hasPrefix("refs.") {
            return evaluateMessageStatus(condition, token: token, in: context)
        }
        let rawValue = operand(condition.variable, in: context)
        let value = rawValue ?? .string("")
        let op = condition.operator
        let arg: JSON? = op.takesArgument ? (condition.argument.map { operand($0, in: context) ?? .string("") }) : nil
        switch op {
        case .equalTo: return arg.map { ConditionValues.equal(value, $0) } ?? false
        case .notEqualTo: return arg.map { !ConditionValues.equal(value, $0) } ?? true
        case .greaterThan: return ConditionValues.compare(value, arg).map { $0 > 0 } ?? false
        case .lessThan: return ConditionValues.compare(value, arg).map { $0 < 0 } ?? false
        case .greaterThanOrEqualTo: return ConditionValues.compare(value, arg).map { $0 >= 0 } ?? false
        case .lessThanOrEqualTo: return ConditionValues.compare(value, arg).map { $0 <= 0 } ?? false
        case .contains: return arg.map { ConditionValues.contains(value, $0) } ?? false
        case .notContains: return !(arg.map { ConditionValues.contains(value, $0) } ?? false)
        case .containsAll: return arg.map { ConditionValues.containsAll(value, $0) } ?? false
        case .notContainsAll: return !(arg.map { ConditionValues.containsAll(value, $0) } ?? false)
        case .empty: return ConditionValues.isEmpty(rawValue)
        case .notEmpty: return !ConditionValues.isEmpty(rawValue)
        case .exists: return rawValue.map { !$0.isNull } ?? false
        case .notExists: return rawValue.map(\.isNull) ?? true
        case .isTimestamp: return timestamp(value, context) != nil
        case .isNotTimestamp: return timestamp(value, context) == nil
        case .isTimestampBeforeNow: return timestamp(value, context).map { $0 < context.now } ?? false
        case .isTimestampOnOrAfterNow: return timestamp(value, context).map { $0 >= context.now } ?? false
        case .isTimestampBefore, .isTimestampOnOrAfter, .isTimestampBeforeDate, .isTimestampOnOrAfterDate:
            guard let t = timestamp(value, context), let a = arg, let bound = timestamp(a, context, allowRelative: true) else { return false }
            switch op {
            case .isTimestampBefore: return t < bound
            case .isTimestampOnOrAfter: return t >= bound
            case .isTimestampBeforeDate: return ConditionTimestamps.utcDay(t) < ConditionTimestamps.utcDay(bound)
            default: return ConditionTimestamps.utcDay(t) >= ConditionTimestamps.utcDay(bound)
            }
        case .isTimestampBetween:
            // Inclusive at both ends [I].
            guard let t = timestamp(value, context), let range = arg?.arrayValue, range.count == 2,
                  let lo = timestamp(operandItem(range[0], context), context),
                  let hi = timestamp(operandItem(range[1], context), context) else { return false }
            return lo <= t && t <= hi
        case .isBetween:
            // Numeric, inclusive at both ends [I].
            guard let range = arg?.arrayValue, range.count == 2,
                  let lo = ConditionValues.compare(value, operandItem(range[0], context)),
                  let hi = ConditionValues.compare(value, operandItem(range[1], context)),
                  ConditionValues.number(value) != nil else { return false }
            return lo >= 0 && hi <= 0
        case .isAudienceMember, .isNotAudienceMember:
            let member: Bool
            if let key = arg.flatMap(ConditionValues.text), let user = context.recipientID, let lookup = audienceLookup {
                member = lookup(key, user, context.tenantID)
            } else {
                member = false
            }
            return op == .isAudienceMember ? member : !member
        }
    }

    /// Resolves a variable or argument string; nil only for a path that is unset.
    public func operand(_ text: String, in context: ConditionContext) -> JSON? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}") {
            let inner = trimmed.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
            if !inner.contains("|"), context.isPath(inner) { return context.lookup(inner) }
        }
        if text.contains("{{") || text.contains("{%"), let liquid {
            return (try? liquid(text, context)).map(JSON.string) ?? .string("")
        }
        if context.isPath(text) { return context.lookup(text) }
        if let decoded = try? JSON.parse(text) { return decoded }
        return .string(text)
    }

    /// Items inside a list argument (`["data.start", "2024-01-01"]`) may themselves be paths.
    private func operandItem(_ item: JSON, _ context: ConditionContext) -> JSON {
        if case .string(let s) = item, context.isPath(s) { return context.lookup(s) ?? .string("") }
        return item
    }

    private func timestamp(_ value: JSON, _ context: ConditionContext, allowRelative: Bool = false) -> Date? {
        guard case .string(let s) = value else { return nil }
        if allowRelative, let d = ConditionTimestamps.relative(s, now: context.now) { return d }
        return ConditionTimestamps.parse(s)
    }

    /// `refs.<ref>.delivery_status|engagement_status|status` against a `$message.<case>` token.
    private func evaluateMessageStatus(_ c: Condition, token: String, in context: ConditionContext) -> Bool {
        let parts = ConditionContext.segments(c.variable)
        // A step that never ran (or fell out of retention) makes every status condition false.
        guard parts.count >= 2, let outcome = context.refs[parts[1]] else { return false }
        let field = parts.count >= 3 ? parts[2] : "status"
        let tokenRank = MessageStatusRank.rank(token)!
        let rank = outcome.isSkipped ? -1 : (field == "delivery_status" ? outcome.deliveryRank : outcome.combinedRank)
        switch c.operator {
        case .equalTo, .contains, .containsAll: return outcome.holds(token)
        case .notEqualTo, .notContains, .notContainsAll: return !outcome.holds(token)
        case .greaterThan: return rank > tokenRank
        case .greaterThanOrEqualTo: return rank >= tokenRank
        case .lessThan: return rank < tokenRank
        case .lessThanOrEqualTo: return rank <= tokenRank
        default: return false
        }
    }
}
