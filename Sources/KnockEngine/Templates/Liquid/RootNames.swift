/// The root variable names a template can read, found once at parse time, so a caller can give it
/// a scope holding only those (`KnockTemplateContext.json(names:)`): a one-line feed body reads
/// `recipient` and `data`, yet the full Knock scope has ~13 variables and a spread copy of `data`,
/// built per recipient of a fan-out.
///
/// Nil when the names cannot be known: a root looked up by a computed name (`{{ [key] }}`) or a
/// `render` partial (which reads the whole scope).
enum LiquidRootNames {
    static func of(_ nodes: [LiquidNode]) -> Set<String>? {
        var collector = Collector()
        collector.visit(nodes)
        return collector.complete ? collector.names : nil
    }

    private struct Collector {
        var names: Set<String> = []
        var complete = true

        mutating func visit(_ nodes: [LiquidNode]) {
            for node in nodes {
                switch node {
                case .text, .increment, .decrement, .breakLoop, .continueLoop: break
                case .output(let expression, _): visit(expression)
                case .conditional(let branches):
                    for branch in branches {
                        if let condition = branch.condition { visit(condition) }
                        visit(branch.body)
                    }
                case .caseBlock(let block):
                    visit(block.subject)
                    for clause in block.clauses {
                        clause.values?.forEach { visit($0) }
                        visit(clause.body)
                    }
                case .forLoop(let loop):
                    visit(loop.collection)
                    if let limit = loop.limit { visit(limit) }
                    if let offset = loop.offset { visit(offset) }
                    visit(loop.body)
                    if let elseBody = loop.elseBody { visit(elseBody) }
                case .assign(_, let value, _): visit(value)
                case .capture(_, let body): visit(body)
                case .cycle(_, let values, _): values.forEach { visit($0) }
                case .renderPartial: complete = false
                }
            }
        }

        mutating func visit(_ expression: FilteredExpression) {
            visit(expression.base)
            for filter in expression.filters {
                filter.arguments.forEach { visit($0) }
                filter.keywordArguments.forEach { visit($0.1) }
            }
        }

        mutating func visit(_ condition: LiquidCondition) {
            switch condition {
            case .value(let e): visit(e)
            case .comparison(let a, _, let b):
                visit(a)
                visit(b)
            case .and(let a, let b), .or(let a, let b):
                visit(a)
                visit(b)
            case .not(let c): visit(c)
            }
        }

        mutating func visit(_ expression: LiquidExpression) {
            switch expression {
            case .literal, .empty, .blank: break
            case .range(let low, let high):
                visit(low)
                visit(high)
            case .variable(let variable):
                switch variable.root {
                case .name(let name): names.insert(name)
                case .dynamic(let key):
                    complete = false
                    visit(key)
                }
                for case .dynamic(let key) in variable.path { visit(key) }
            }
        }
    }
}
