import KnockCore

// The parsed form of a template. Parsing happens once (`LiquidTemplate(parsing:)`); rendering walks
// these immutable values, so a template can be cached and shared across concurrent renders.

/// One node of a template body.
indirect enum LiquidNode: Sendable {
    case text(String)
    case output(FilteredExpression, SourcePosition)
    /// `if`/`elsif`/`else` and `unless`: the first branch whose condition holds renders;
    /// a `nil` condition is the `else` branch.
    case conditional([ConditionalBranch])
    case caseBlock(CaseBlock)
    case forLoop(ForLoop)
    case assign(name: String, value: FilteredExpression, SourcePosition)
    case capture(name: String, body: [LiquidNode])
    case increment(name: String)
    case decrement(name: String)
    case cycle(group: String, values: [LiquidExpression], SourcePosition)
    case breakLoop
    case continueLoop
    /// `{% render 'key', name: value %}`: a partial with its own scope (the context plus the
    /// named arguments; not the caller's assigns or loop variables).
    case renderPartial(key: String, arguments: [(String, LiquidExpression)], SourcePosition)
}

struct ConditionalBranch: Sendable {
    var condition: LiquidCondition?
    var body: [LiquidNode]
    var position: SourcePosition
}

struct CaseBlock: Sendable {
    var subject: LiquidExpression
    /// `when` clauses and `else` bodies in source order: Liquid renders every matching `when`
    /// and an `else` only when nothing before it matched.
    var clauses: [CaseClause]
    var position: SourcePosition
}

struct CaseClause: Sendable {
    /// `nil` for `else`.
    var values: [LiquidExpression]?
    var body: [LiquidNode]
}

struct ForLoop: Sendable {
    var variable: String
    var collection: LiquidExpression
    var limit: LiquidExpression?
    var offset: LiquidExpression?
    var reversed: Bool
    var body: [LiquidNode]
    var elseBody: [LiquidNode]?
    var position: SourcePosition
}

/// A value-producing expression: literals, variable lookups and ranges.
indirect enum LiquidExpression: Sendable {
    case literal(JSON)
    /// `empty` and `blank` only mean something in comparisons; elsewhere they are nil.
    case empty
    case blank
    case range(LiquidExpression, LiquidExpression)
    case variable(LiquidVariable)
}

/// A lookup path such as `data.items[0].name` or `["odd key"]`.
struct LiquidVariable: Sendable {
    var root: LookupKey
    var path: [LookupKey]
}

enum LookupKey: Sendable {
    case name(String)
    case dynamic(LiquidExpression)
}

/// `expr | filter: arg, key: value | filter2`.
struct FilteredExpression: Sendable {
    var base: LiquidExpression
    var filters: [FilterCall]
}

struct FilterCall: Sendable {
    var name: String
    var arguments: [LiquidExpression]
    var keywordArguments: [(String, LiquidExpression)]
    /// Resolved at parse time so rendering does no dictionary lookup; `nil` when unknown, which
    /// fails at render time (only if that output is actually reached, as in Liquid's strict mode).
    var filter: LiquidFilter?
    var position: SourcePosition
}

/// A condition of `if`/`elsif`/`unless`/`when`. Liquid has no precedence between `and` and `or`:
/// they group from the right (`a or b and c` is `a or (b and c)`).
indirect enum LiquidCondition: Sendable {
    case value(LiquidExpression)
    case comparison(LiquidExpression, ComparisonOperator, LiquidExpression)
    case and(LiquidCondition, LiquidCondition)
    case or(LiquidCondition, LiquidCondition)
    case not(LiquidCondition)
}

enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case contains
}
